package io.prsm.sample.hostile;

import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Hostile fixture, level sandbox, declaring 64 MiB (atk6; JDK 22 or later; the scan refuses file
 * channels, so run with {@code -Dprsm.bytecode.scan=report}). Task {@code map} maps {@code mib} of a
 * sparse file in its data folder ({@code dir}) as a {@code MemorySegment} in {@code Arena.global()}
 * with {@code PRIVATE} mode (through reflection: the module compiles for 17) and writes one byte per
 * page, so the pages are the process's anonymous memory; the segments are kept. The agent charges
 * the mapping at {@code FileChannelImpl.mapInternal}, and the charge waits on the thread for a
 * cleaner that a segment never gets. Task {@code launder} makes a one-byte direct buffer on the same
 * thread (so the waiting charges are released with it) and drops it, then makes {@code garbage} MiB
 * of small arrays so a young collection clears it; {@code map} with {@code launder} 1 makes that
 * buffer itself, at the end of the same task (the charge waits on the task's thread). Without {@code launder} the second {@code map}
 * of 60 MiB is refused (MEMORY_LIMIT); with it, every one passes.
 */
@PrsmPlugin(id = "launders-a-mapped-charge", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack", memory = 64L << 20)
@Component(service = Plugin.class)
public final class LaundersAMappedChargePlugin implements Plugin {

    /** Static on purpose: the mappings outlive the task. */
    private static final List<Object> KEPT = new ArrayList<>();

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            synchronized (KEPT) {
                if ("launder".equals(task.type())) {
                    ByteBuffer.allocateDirect(1);
                    long sum = 0;
                    for (long i = 0; i < task.getLong("garbage", 8) * 32; i++) {
                        sum += new byte[32 * 1024].length;
                    }
                    return PluginResponse.success(Map.of("garbage", sum));
                }
                long mib = task.getLong("mib", 60);
                Path file = Path.of(task.getString("dir", "data")).resolve("segment-" + KEPT.size());
                long bytes = mib << 20;
                file.getParent().toFile().mkdirs();
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(bytes);
                    FileChannel channel = raf.getChannel();
                    Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
                    Object arena = arenaType.getMethod("global").invoke(null);
                    Method map = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class,
                            arenaType);
                    Object segment = map.invoke(channel, FileChannel.MapMode.PRIVATE, 0L, bytes, arena);
                    Object buffer = Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer").invoke(segment);
                    ByteBuffer pages = (ByteBuffer) buffer;
                    for (int at = 0; at < pages.capacity(); at += 4096) {
                        pages.put(at, (byte) 1);
                    }
                    KEPT.add(segment);
                }
                if (task.getLong("launder", 0) != 0) {
                    // the waiting charge goes with this buffer, which nothing keeps
                    ByteBuffer.allocateDirect(1);
                }
                return PluginResponse.success(Map.of("mapped", KEPT.size() * mib));
            }
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException failed) {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            return PluginResponse.success(Map.of("failed", String.valueOf(cause)));
        }
    }

    @Override
    public void shutdown() {
        // keeps its mappings: the static list outlives this instance
    }
}
