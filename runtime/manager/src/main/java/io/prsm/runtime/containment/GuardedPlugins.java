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
     * once the refresh is done or could not be done.
     */
    void quarantineAndRelease(PluginUse plugin, String reason);
}
