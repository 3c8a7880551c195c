package io.prsm.api.marketplace;

/**
 * What {@link Marketplace#publish} did.
 *
 * @param pluginId the plugin id, or the bundle's symbolic name for a library
 * @param version the version published
 * @param library whether it was published as a library (a bundle that is not a plugin)
 * @param jar the jar's path in the repository folder
 * @param sha256 the jar's SHA-256, as the index now states it
 * @param resources how many resources the rewritten index holds
 */
public record PublishReport(String pluginId, String version, boolean library, String jar, String sha256,
        int resources) {
}
