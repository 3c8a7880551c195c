package io.prsm.sample.wordstats;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.StatefulPlugin;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Version 3 of word-stats is broken on purpose: it fails to initialize, so a swap to it must roll
 * back to the version that was running, with its state.
 */
@PrsmPlugin(id = "word-stats", version = "3.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "word_counting")
@Component(service = io.prsm.api.Plugin.class)
public final class WordStatsPlugin implements StatefulPlugin {

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        throw new PluginException("word-stats 3.0.0 is broken on purpose: it cannot initialize");
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(Map.of("version", "3.0.0"));
    }

    @Override
    public Map<String, Object> exportState() {
        return Map.of();
    }

    @Override
    public void importState(Map<String, Object> state) {
        // never reached: initialize fails first
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
