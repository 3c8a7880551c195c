package io.prsm.sample.hostile;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox, declaring 64 MiB per task: task {@code keep} allocates
 * {@code mib} MiB (16 unless told), well under that limit, and keeps it in a static list, so
 * every task stays within its limit while the plugin as a whole holds ever more of the heap.
 * Answers how many MiB it holds. Only the low-memory guard can stop it: refreshing its bundle
 * drops its class loader and with it the static list.
 */
@PrsmPlugin(id = "keeps-memory", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack", memory = 64L * 1024 * 1024)
@Component(service = Plugin.class)
public final class KeepsMemoryPlugin implements Plugin {

    /** Static on purpose: it outlives the component instance, as a careless cache does. */
    private static final List<byte[]> KEPT = new ArrayList<>();

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        long mib = task.getLong("mib", 16);
        synchronized (KEPT) {
            for (long i = 0; i < mib * 4; i++) {
                // quarter-MiB chunks: ordinary objects to the collector, not one huge array
                KEPT.add(new byte[256 * 1024]);
            }
            return PluginResponse.success(KEPT.size() / 4);
        }
    }

    @Override
    public void shutdown() {
        // keeps its memory: the static list outlives this instance
    }
}
