package io.prsm.api.runtime;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Read-only measurements of the running runtime: plugins, their tasks and the JVM. Plugins that
 * report on the runtime (such as an analytics dashboard) use this instead of the
 * {@link PluginManager}, which can change things.
 *
 * <p>Concurrent semantics: thread-safe; each call measures anew.
 */
@ProviderType
public interface RuntimeStatistics {

    /** The permission a plugin needs to be given this service. */
    String PERMISSION = "read_analytics_data";

    /** Measures the runtime now. */
    RuntimeSnapshot snapshot();
}
