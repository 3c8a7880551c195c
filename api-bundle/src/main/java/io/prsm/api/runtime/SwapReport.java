package io.prsm.api.runtime;

/**
 * What a completed hot-swap did.
 *
 * @param pluginId the plugin
 * @param bundleId its bundle, the same before and after
 * @param oldVersion the version it ran before
 * @param newVersion the version it runs now
 * @param pauseMillis how long new tasks waited (they were held, not refused)
 * @param stateCarried whether the old version's state was handed to the new one
 */
public record SwapReport(String pluginId, long bundleId, String oldVersion, String newVersion, long pauseMillis,
        boolean stateCarried) {
}
