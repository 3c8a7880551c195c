package io.prsm.sample.hostile;

import java.util.concurrent.atomic.AtomicInteger;

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
 * Hostile fixture, level sandbox: task {@code arm} leaves {@code count} objects behind whose
 * {@code finalize()} loops for ever. The JVM would run it on its one {@code Finalizer} thread, where
 * no stop of the runtime reaches, and finalization would stop for every class of the JVM. Task
 * {@code finalized} answers how many of those {@code finalize()} calls began.
 */
@PrsmPlugin(id = "finalizes-on-the-jdk-thread", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class FinalizesOnTheJdkThreadPlugin implements Plugin {

    static final AtomicInteger BEGUN = new AtomicInteger();

    /** Garbage as soon as it is made; its finalize() would hold the Finalizer thread. */
    static final class Trap {
        private volatile long turns;

        @SuppressWarnings({ "deprecation", "removal" })
        @Override
        protected void finalize() {
            BEGUN.incrementAndGet();
            while (true) {
                turns++;
            }
        }
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("finalized")) {
            return PluginResponse.success(BEGUN.get());
        }
        int count = (int) task.getLong("count", 1);
        for (int i = 0; i < count; i++) {
            new Trap();
        }
        return PluginResponse.success(count);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
