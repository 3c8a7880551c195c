package io.prsm.sample.hostile;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
 * Hostile fixture, level sandbox (atk6), scan enforcing: {@code OSGI-INF/pool-components.xml}
 * declares an immediate component implemented by its own {@link ScrPool} with
 * {@code activate="prestartAllCoreThreads"}. Task {@code spin} hands {@code count} loops of
 * {@code ms} to that pool: they run on threads SCR started, so no thread start is the plugin's.
 * Task {@code wait} sleeps {@code ms}; every task answers the pool's threads and the loops' turns.
 */
@PrsmPlugin(id = "prestarts-a-pool-through-scr", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class PrestartsAPoolThroughScrPlugin implements Plugin {

    private static final AtomicLong TURNS = new AtomicLong();

    @Override
    public void initialize(PluginConfig config) {
        // nothing: the threads come from the component XML
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        ScrPool pool = ScrPool.MADE.get();
        if ("spin".equals(task.type()) && pool != null) {
            long ms = task.getLong("ms", 10_000);
            for (long i = 0; i < task.getLong("count", ScrPool.THREADS); i++) {
                pool.execute(() -> {
                    long until = System.nanoTime() + ms * 1_000_000L;
                    while (System.nanoTime() < until) {
                        TURNS.incrementAndGet();
                    }
                });
            }
        } else if ("wait".equals(task.type())) {
            try {
                Thread.sleep(task.getLong("ms", 5000));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
        return PluginResponse.success(Map.of("pool", pool == null ? -1 : pool.getPoolSize(), "turns", TURNS.get()));
    }

    @Override
    public void shutdown() {
        // the pool is SCR's component: nothing of the plugin's counted it
    }
}
