package io.prsm.api.runtime;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin manager's manifest rules, offered to the gatekeeper so it can keep a plugin with an
 * invalid manifest from resolving even when it was installed behind the manager's back.
 *
 * <p>Concurrent semantics: thread-safe and stateless.
 */
@ProviderType
public interface PluginValidator {

    /** The problems of the plugin declared by these raw manifest headers; empty when it is valid. */
    List<String> problems(Map<String, String> headers);
}
