package io.prsm.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The plugin manager's rules for a plugin bundle (its manifest, and whether the plugin id it
 * claims is bound to another bundle's data), offered to the gatekeeper so it can keep a plugin that
 * breaks them from resolving even when it was installed behind the manager's back. Only the
 * platform may offer it: the gatekeeper ignores one a plugin registers.
 *
 * <p>Concurrent semantics: thread-safe.
 */
@ProviderType
public interface PluginValidator {

    /** The problems of plugin bundle {@code bundle}; empty when it may run. */
    List<String> problems(Bundle bundle);
}
