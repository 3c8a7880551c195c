package io.prsm.sample.hostile;

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
 * Hostile fixture, level isolated (atk5, issue 16; the twin of recompiles-everyones-code: it needs no thread, no file, no reflection): while no thread is stopped the woven checks are an
 * empty call site; the first stop raised switches it on and deoptimizes all woven code, the last
 * one lowered switches it off again. Task {@code overrun}: allocates 32 KiB arrays (below the 64 KiB
 * that is charged at the allocation) until the watchdog's 10 ms sample sees the task past its 8 MiB
 * and raises its stop, so each such task is one raise and one lower. Task {@code control}: the same
 * allocation up to {@code bytes} (default 6 MiB), then answers: the same CPU and garbage, no stop.
 * Task {@code stick}: waits uninterruptibly in JDK code, so the stop raised at its deadline stays
 * raised (the steady cost of a raised check, for comparison). Task {@code ok} answers at once (five failures in a row would quarantine the plugin).
 */
@PrsmPlugin(id = "recompiles-everyones-code-isolated", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.ISOLATED, capabilities = "attack", memory = 8L << 20, cpu = 2.0)
@Component(service = Plugin.class)
public final class RecompilesEveryonesCodeIsolatedPlugin implements Plugin {

    private volatile Object sink;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "overrun":
                for (long i = 0;; i++) {
                    sink = new byte[32 << 10];
                }
            case "control":
                long bytes = task.getLong("bytes", 6L << 20);
                for (long done = 0; done < bytes; done += 32 << 10) {
                    sink = new byte[32 << 10];
                }
                return PluginResponse.success(Map.of("allocated", bytes));
            case "stick":
                // JDK code that ignores the interrupt: the stop raised at the deadline stays raised
                java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
                lock.lock();
                lock.newCondition().awaitUninterruptibly();
                return PluginResponse.success(Map.of("woke", true));
            default:
                return PluginResponse.success(Map.of("ok", true));
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
