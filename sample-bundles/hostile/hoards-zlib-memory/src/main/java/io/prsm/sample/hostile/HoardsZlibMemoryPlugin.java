package io.prsm.sample.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

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
 * Hostile fixture (atk6), level isolated, declaring 16 MiB: task {@code hoard} keeps {@code count}
 * {@link Deflater}s in a static list, each fed {@code touch} bytes of noise (one reused array under
 * the 64 KiB the allocation check charges) and flushed, so zlib writes into the window, hash chains
 * and pending buffer it malloc'd for it: about 256 KiB of native memory per Deflater, which is
 * neither heap (the allocation budget and the low-memory guard) nor direct memory (Bits). The heap
 * sees a few hundred bytes per Deflater. Answers how many it holds. Task {@code release} ends them.
 */
@PrsmPlugin(id = "hoards-zlib-memory", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "attack", memory = 16L * 1024 * 1024)
@Component(service = Plugin.class)
public final class HoardsZlibMemoryPlugin implements Plugin {

    /** Static on purpose: it outlives the task and the component instance. */
    private static final List<Deflater> KEPT = new ArrayList<>();

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        synchronized (KEPT) {
            if ("release".equals(task.type())) {
                KEPT.forEach(Deflater::end);
                KEPT.clear();
                return PluginResponse.success(0L);
            }
            long count = task.getLong("count", 1000);
            int touch = (int) task.getLong("touch", 60 * 1024);
            byte[] noise = new byte[touch];
            byte[] out = new byte[4096];
            long seed = KEPT.size() * 7919L + 1;
            for (long i = 0; i < count; i++) {
                for (int b = 0; b < noise.length; b++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    noise[b] = (byte) (seed >>> 56);
                }
                Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
                deflater.setInput(noise);
                while (!deflater.needsInput()) {
                    deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
                }
                deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
                KEPT.add(deflater);
            }
            return PluginResponse.success(Map.of("deflaters", KEPT.size()));
        }
    }

    @Override
    public void shutdown() {
        // keeps its deflaters: the static list outlives this instance
    }
}
