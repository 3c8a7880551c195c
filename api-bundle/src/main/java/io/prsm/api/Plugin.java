package io.prsm.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The service a plugin bundle registers. The runtime pairs it with the bundle's
 * {@code prsm.plugin} capability and drives its lifecycle: {@link #initialize} once, then any
 * number of {@link #execute} calls, then {@link #shutdown}.
 *
 * <p>Concurrent semantics: {@code initialize} and {@code shutdown} are never called concurrently
 * with anything else on the same instance. {@code execute} may be called from several runtime
 * threads at once, up to the plugin's concurrency limit, so an implementation that keeps mutable
 * state must guard it.
 */
@ConsumerType
public interface Plugin {

    /**
     * Prepares the plugin to execute tasks.
     *
     * @param config the plugin's configuration, granted permissions and declared resource limits
     * @throws PluginException if the plugin cannot work with this configuration; the runtime marks
     *         the plugin failed with the exception's message and calls no other method
     */
    void initialize(PluginConfig config) throws PluginException;

    /**
     * Executes one task.
     *
     * @param task the task: its type and JSON-shaped configuration
     * @return the response; a task the plugin understood but could not perform may be answered
     *         with {@link PluginResponse#failure} instead of an exception
     * @throws InvalidTaskException if the task is malformed (never retried, not counted against
     *         the plugin's health)
     * @throws PluginException if the plugin failed; retried with backoff when
     *         {@link PluginException#isRetryable()} is true
     */
    PluginResponse execute(Task task) throws PluginException;

    /**
     * Releases what the plugin holds. Called once, when the plugin is stopped, uninstalled or
     * replaced. Must not throw; a plugin that throws here is logged and ignored.
     */
    void shutdown();
}
