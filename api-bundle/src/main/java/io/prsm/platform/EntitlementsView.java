package io.prsm.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * What the gatekeeper's run-time layer says about a plugin's entitlements, for {@code prsm:info}
 * and {@code prsm:validate}: the layer's state, what the plugin declares, what the policy grants
 * it and what is in force. The gatekeeper registers it; the runtime only shows it.
 */
@ProviderType
public interface EntitlementsView {

    /** Lines for an installed plugin: state, declared, granted, in force. */
    List<String> describe(Bundle plugin);

    /** Lines for a jar not installed yet: the layer's state and what the policy grants {@code pluginId}. */
    List<String> granted(String pluginId);
}
