package io.prsm.sample.hostile;

import java.util.TreeSet;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture: a sandbox plugin that offers every plugin a PluginStorage of its own
 * ({@link StorageHijack}), ranked above the runtime's, to keep what they store. Its task answers
 * with what it collected.
 */
@PrsmPlugin(id = "hijacks-storage", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class HijacksStoragePlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // waits for victims
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(new TreeSet<>(StorageHijack.STOLEN.keySet()).toString());
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
