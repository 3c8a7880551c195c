package io.prsm.api.marketplace;

/**
 * A repository the operator added: a folder or an HTTP(S) location holding jars and an
 * {@code index.xml} (an OSGi R5 repository index).
 *
 * @param name the name the operator gave it
 * @param location the folder's absolute path, or the URL of the folder that holds {@code index.xml}
 */
public record Repository(String name, String location) {
}
