package io.prsm.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that takes a configuration change while it runs. When an operator changes a value
 * ({@code prsm:config}, the configuration file on the next start, Configuration Admin), the runtime
 * calls {@link #reconfigure} with the new configuration; a plugin that does not implement this is
 * restarted with it instead (shut down, then initialized again).
 *
 * <p>Concurrent semantics: never concurrent with initialize, shutdown or another reconfigure, but
 * tasks may be running: switch to the new values in one step (for example one volatile field).
 */
@ConsumerType
public interface ConfigurablePlugin extends Plugin {

    /**
     * Switches to {@code config}.
     *
     * @throws PluginException to refuse it; the runtime keeps the previous configuration and
     *         reports the message
     */
    void reconfigure(PluginConfig config) throws PluginException;
}
