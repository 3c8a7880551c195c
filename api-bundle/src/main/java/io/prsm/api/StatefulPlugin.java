package io.prsm.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that hands its state to its next version when it is hot-swapped. The runtime asks
 * the old instance for a snapshot after its last task has finished and gives it to the new
 * instance after {@link #initialize} and before its first task. If the new version cannot take it
 * (it throws), the swap is rolled back and the old version gets its snapshot back.
 *
 * <p>Concurrent semantics: both methods are called while no task runs on the instance.
 */
@ConsumerType
public interface StatefulPlugin extends Plugin {

    /** The plugin's state, JSON-shaped (maps, lists, strings, numbers, booleans). */
    Map<String, Object> exportState() throws PluginException;

    /** Takes over a snapshot exported by this plugin's previous version (or by itself). */
    void importState(Map<String, Object> state) throws PluginException;
}
