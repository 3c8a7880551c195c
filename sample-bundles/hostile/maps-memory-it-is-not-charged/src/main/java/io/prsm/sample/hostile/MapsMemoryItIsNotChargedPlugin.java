package io.prsm.sample.hostile;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Hostile fixture, level sandbox (atk5; the scan refuses file channels, so run with
 * {@code -Dprsm.bytecode.scan=report}; every file act is in its own data folder, which the run-time
 * rules allow). Declares 64 MiB of memory and 10 MiB of storage. Task {@code private}: a sparse file of
 * {@code mib} MiB in folder {@code dir}, mapped {@code PRIVATE} in 256 MiB pieces and written page by
 * page (copy on write: anonymous memory of the process), the buffers kept. Task {@code shared}: the same
 * mapped {@code READ_WRITE}, so the pages are written to the file. Task {@code virtual}: starts a virtual
 * thread two ways by reflection (JDK 21+). Task {@code hold} waits {@code ms} with the buffers kept
 * (for a measurement from outside). Task {@code drop} lets go of the buffers.
 */
@PrsmPlugin(id = "maps-memory-it-is-not-charged", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack", memory = 64L << 20)
@Component(service = Plugin.class)
public final class MapsMemoryItIsNotChargedPlugin implements Plugin {

    private static final long PIECE = 256L << 20;
    private final List<MappedByteBuffer> kept = new ArrayList<>();

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (task.type()) {
            case "private":
            case "shared":
                long size = task.getLong("mib", 1024) << 20;
                String file = task.getString("dir", ".") + "/mapped-" + task.type() + "-" + kept.size();
                new java.io.File(task.getString("dir", ".")).mkdirs();
                try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                    raf.setLength(size);
                    FileChannel channel = raf.getChannel();
                    FileChannel.MapMode mode = task.type().equals("private")
                            ? FileChannel.MapMode.PRIVATE : FileChannel.MapMode.READ_WRITE;
                    long touched = 0;
                    for (long at = 0; at < size; at += PIECE) {
                        MappedByteBuffer buffer = channel.map(mode, at, Math.min(PIECE, size - at));
                        for (int page = 0; page < buffer.capacity(); page += 4096) {
                            buffer.put(page, (byte) 1);
                            touched++;
                        }
                        kept.add(buffer);
                    }
                    out.put("file", file);
                    out.put("pages written", touched);
                    out.put("buffers kept", kept.size());
                } catch (Exception | Error failed) {
                    out.put("failed", failed.toString());
                }
                break;
            case "virtual":
                out.put("ofVirtual.start", virtual("ofVirtual"));
                out.put("newVirtualThreadPerTaskExecutor", virtual("executor"));
                break;
            case "hold":
                try {
                    Thread.sleep(task.getLong("ms", 4000));
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
                out.put("buffers kept", kept.size());
                break;
            default:
                kept.clear();
                out.put("dropped", true);
        }
        return PluginResponse.success(out);
    }

    private static String virtual(String how) {
        Runnable nothing = () -> { };
        try {
            if (how.equals("ofVirtual")) {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Class<?> type = Class.forName("java.lang.Thread$Builder");
                Object thread = type.getMethod("start", Runnable.class).invoke(builder, nothing);
                return "STARTED " + thread;
            }
            Object executor = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            return "STARTED " + ((java.util.concurrent.ExecutorService) executor).submit(nothing).get();
        } catch (java.lang.reflect.InvocationTargetException refused) {
            return "refused: " + refused.getCause();
        } catch (Exception | Error failed) {
            return "failed: " + failed;
        }
    }

    @Override
    public void shutdown() {
        kept.clear();
    }
}
