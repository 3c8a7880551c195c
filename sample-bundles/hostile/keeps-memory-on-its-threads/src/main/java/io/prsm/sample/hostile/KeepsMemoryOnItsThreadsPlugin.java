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
 * {@code mib} MiB (16 unless told), well under that limit, and keeps it in a {@link ThreadLocal}
 * of the task thread it runs on, inside an object of its own class. Nothing of the plugin's own
 * holds the memory: the platform's thread does, and through the value's class it keeps the
 * plugin's class loader (and so the static {@code ThreadLocal} key itself) reachable, so the entry
 * never goes stale. Refreshing the bundle alone frees nothing; only ending the plugin's task
 * threads does. Answers how many MiB the current thread holds.
 */
@PrsmPlugin(id = "keeps-memory-on-its-threads", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack", memory = 64L * 1024 * 1024)
@Component(service = Plugin.class)
public final class KeepsMemoryOnItsThreadsPlugin implements Plugin {

    private static final ThreadLocal<Hoard> ON_THE_THREAD = ThreadLocal.withInitial(Hoard::new);

    /** Of the plugin's own class loader: the thread that holds it holds the loader. */
    private static final class Hoard {
        final List<byte[]> kept = new ArrayList<>();
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        long mib = task.getLong("mib", 16);
        Hoard hoard = ON_THE_THREAD.get();
        for (long i = 0; i < mib * 4; i++) {
            // quarter-MiB chunks: ordinary objects to the collector, not one huge array
            hoard.kept.add(new byte[256 * 1024]);
        }
        return PluginResponse.success(hoard.kept.size() / 4);
    }

    @Override
    public void shutdown() {
        // leaves its memory on the threads it ran on
    }
}
