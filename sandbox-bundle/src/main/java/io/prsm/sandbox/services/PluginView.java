package io.prsm.sandbox.services;

import java.util.Set;

import io.prsm.api.SecurityLevel;

/**
 * A plugin as the service layer sees it: who it is, its level and the permissions wired to it.
 *
 * @param pluginId the plugin id
 * @param bundleId its bundle
 * @param level its declared level (a plugin whose trust the policy refused never resolves, so it
 *        never looks anything up)
 * @param granted the permissions its wiring holds
 */
public record PluginView(String pluginId, long bundleId, SecurityLevel level, Set<String> granted) {

    public PluginView {
        granted = Set.copyOf(granted);
    }
}
