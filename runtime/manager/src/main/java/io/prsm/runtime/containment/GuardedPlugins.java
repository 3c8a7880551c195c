package io.prsm.runtime.containment;

import java.util.List;

/**
 * The plugins containment watches, and what it may do to one of them.
 *
 * <p>Concurrent semantics: implementations are thread-safe.
 */
public interface GuardedPlugins {

    /** What each plugin that is running (not stopped, failed or quarantined) used so far. */
    List<PluginUse> running();

    /**
     * Quarantines {@code plugin} for {@code reason} (audited), stops its code and threads, and
     * refreshes its bundle so that its class loader and static data can be collected; returns
     * whether its class loader was collected (within the drain timeout), false when something
     * still holds it or the refresh did not end.
     */
    boolean quarantineAndRelease(PluginUse plugin, String reason);

    /**
     * Starts none of {@code plugin}'s waiting tasks until {@link #release}: the low-memory guard
     * holds the plugin it would blame while its collection decides, so a plugin that fills the
     * heap fast cannot outrun the guard. Running tasks go on; not audited (it lasts one collection).
     */
    void hold(PluginUse plugin);

    /** Ends a {@link #hold}. */
    void release(PluginUse plugin);

    /** Quarantines {@code plugin} for {@code reason} (audited) and stops its running code; its bundle stays. */
    void quarantine(PluginUse plugin, String reason);

    /**
     * Throttles {@code plugin} through its lifecycle (audited): its queue pauses, running tasks
     * finish, waiting ones wait. Returns false, doing nothing, when the plugin is not active
     * (starting, stopping, swapping, quarantined or gone meanwhile).
     */
    boolean throttle(PluginUse plugin, String reason);

    /**
     * Ends the throttling of {@code plugin} through its lifecycle (audited): its queue runs again.
     * Returns false, doing nothing, when it is no longer throttled (a stop, swap or quarantine
     * decided its queue's mode since: a quarantined plugin is not reopened).
     */
    boolean resume(PluginUse plugin, String reason);

    /** Whether the policy says a plugin over its CPU share is quarantined rather than throttled. */
    boolean quarantineOverCpuShare();
}
