package io.prsm.runtime.containment;

import java.util.List;

/**
 * What containment says about one plugin, for {@code prsm:info}: its CPU share over the window and
 * whether it is throttled. Registered by the plugin manager for the commands of the same bundle.
 *
 * <p>Concurrent semantics: implementations are thread-safe.
 */
public interface ContainmentView {

    /** Lines about {@code pluginId}; empty when nothing is measured for it. */
    List<String> describe(String pluginId);
}
