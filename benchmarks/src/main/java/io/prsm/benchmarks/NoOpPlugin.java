package io.prsm.benchmarks;

import java.util.Map;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * A plugin whose tasks do nothing (what is measured around them is the dispatch), or, for task
 * type {@code work}, keep a core busy for {@code micros} microseconds: a load with a known cost.
 */
public final class NoOpPlugin implements Plugin {

    private static final PluginResponse DONE = PluginResponse.success(Map.of());

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public PluginResponse execute(Task task) {
        if (!"work".equals(task.type())) {
            return DONE;
        }
        long until = System.nanoTime() + ((Number) task.config().getOrDefault("micros", 0)).longValue() * 1000;
        long mixed = 0;
        while (System.nanoTime() < until) {
            mixed = mixed * 31 + until;
        }
        return PluginResponse.success(Map.of("mixed", mixed));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
