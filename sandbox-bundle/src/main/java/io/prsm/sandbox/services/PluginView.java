package io.prsm.sandbox.services;

import java.util.Set;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.classify.Classification;

/**
 * A plugin as the service layer sees it: who it is, its level and the permissions wired to it.
 *
 * @param pluginId the plugin id
 * @param bundleId its bundle
 * @param level the level whose rules apply to it: isolated for a plugin the classifier cannot place
 * @param classification what the classifier says the bundle is
 * @param granted the permissions its wiring holds
 */
public record PluginView(String pluginId, long bundleId, SecurityLevel level, Classification classification,
        Set<String> granted) {

    public PluginView {
        granted = Set.copyOf(granted);
    }

    /** A plugin classified by its level alone (a trusted one as one the policy trusts). */
    public PluginView(String pluginId, long bundleId, SecurityLevel level, Set<String> granted) {
        this(pluginId, bundleId, level, switch (level) {
            case TRUSTED -> Classification.TRUSTED_PLUGIN;
            case SANDBOX -> Classification.SANDBOX;
            case ISOLATED -> Classification.ISOLATED;
        }, granted);
    }
}
