package io.prsm.sample.hostile;

import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

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
 * Hostile fixture, level sandbox: tasks that never end and whose loops are all the JDK's. Task
 * {@code spin-runnable} lets {@code Collections.nCopies(..).forEach} call a JDK method reference two
 * billion times; task {@code long-stream} counts an endless {@code LongStream} stepped by
 * {@code Math::incrementExact}. Neither loop has a back-edge in plugin code: only the method
 * references' forwarders can stop them. Task {@code left} answers whether both left, waiting up to
 * {@code wait_ms}.
 */
@PrsmPlugin(id = "loops-in-jdk-code", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class LoopsInJdkCodePlugin implements Plugin {

    private final CountDownLatch left = new CountDownLatch(2);

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "left":
                try {
                    return PluginResponse.success(left.await(task.getLong("wait_ms", 0), TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return PluginResponse.success(false);
                }
            case "spin-runnable":
                try {
                    Runnable spin = Thread::onSpinWait;
                    Collections.nCopies(Integer.MAX_VALUE, spin).forEach(Runnable::run);
                    return PluginResponse.success("two billion spins");
                } finally {
                    left.countDown();
                }
            default:
                try {
                    return PluginResponse.success(LongStream.iterate(0L, Math::incrementExact).count());
                } finally {
                    left.countDown();
                }
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
