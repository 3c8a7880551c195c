package io.prsm.sample.hostile;

import java.nio.ByteBuffer;
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
 * Hostile fixture (atk3), level sandbox, declaring 64 MiB: task {@code hoard} keeps {@code count}
 * direct buffers of {@code size} bytes in a static list across tasks. Direct memory is off the heap,
 * so neither the task's heap budget nor the low-memory guard sees it; before it was charged, the
 * plugin held all of the JVM's direct memory (256 MiB) while answering "allocated: 441 KiB". Answers
 * how many bytes it holds. Task {@code release} drops them.
 */
@PrsmPlugin(id = "hoards-direct-memory", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack", memory = 64L * 1024 * 1024)
@Component(service = Plugin.class)
public final class HoardsDirectMemoryPlugin implements Plugin {

    /** Static on purpose: it outlives the task and the component instance. */
    private static final List<ByteBuffer> KEPT = new ArrayList<>();

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        synchronized (KEPT) {
            if ("release".equals(task.type())) {
                KEPT.clear();
                return PluginResponse.success(0L);
            }
            long count = task.getLong("count", 1);
            int size = (int) task.getLong("size", 1024 * 1024);
            for (long i = 0; i < count; i++) {
                KEPT.add(ByteBuffer.allocateDirect(size));
            }
            return PluginResponse.success(KEPT.stream().mapToLong(ByteBuffer::capacity).sum());
        }
    }

    @Override
    public void shutdown() {
        // keeps its buffers: the static list outlives this instance
    }
}
