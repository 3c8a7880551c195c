package io.prsm.api.marketplace;

import java.util.List;

/**
 * One jar an install or update will install, as planned before anything is installed: it has
 * been downloaded and checked against the index's SHA-256 and the signers required.
 *
 * @param library true for a library bundle, false for the plugin
 * @param name the plugin id, or the library's symbolic name
 * @param version its version
 * @param repository the repository it comes from
 * @param size the jar's size in bytes
 * @param level the plugin's security level; for a library, the level of the plugin that needs it
 * @param signers the certificate subjects that signed the whole jar; empty when it is unsigned
 */
public record PlannedJar(boolean library, String name, String version, String repository, long size, String level,
        List<String> signers) {

    public PlannedJar {
        signers = List.copyOf(signers);
    }

    /** One line for an operator: what, from where, how big, at which level, signed by whom. */
    public String describe() {
        return (library ? "library " : "plugin ") + name + " " + version + " from repository " + repository + ", "
                + size + " bytes, level " + level + ", "
                + (signers.isEmpty() ? "unsigned" : "signed by " + String.join(" and ", signers));
    }
}
