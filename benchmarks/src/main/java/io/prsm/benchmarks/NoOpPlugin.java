package io.prsm.benchmarks;

import java.util.Map;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/** A plugin whose task does nothing: what is measured around it is the dispatch. */
final class NoOpPlugin implements Plugin {

    private static final PluginResponse DONE = PluginResponse.success(Map.of());

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public PluginResponse execute(Task task) {
        return DONE;
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
