package io.prsm.api.marketplace;

import java.util.List;

/**
 * A repository the operator added: a folder or an HTTP(S) location holding jars and an
 * {@code index.xml} (an OSGi R5 repository index).
 *
 * @param name the name the operator gave it
 * @param location the folder's absolute path, or the URL of the folder that holds {@code index.xml}
 * @param signers the certificate subjects (for example {@code CN=Example Corp}) one of which must
 *        have signed every jar installed from it; empty: signatures are not required, and a plugin
 *        of level {@code trusted} is not installed from it
 */
public record Repository(String name, String location, List<String> signers) {

    public Repository {
        signers = signers == null ? List.of() : List.copyOf(signers);
    }
}
