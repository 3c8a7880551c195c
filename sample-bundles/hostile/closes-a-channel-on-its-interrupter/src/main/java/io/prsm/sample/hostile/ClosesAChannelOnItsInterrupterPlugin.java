package io.prsm.sample.hostile;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * Hostile fixture, level sandbox (an attacker's probe, issue 16): task {@code arm} makes a channel
 * of its own its thread's interrupt blocker ({@code begin()}), then blocks until {@code release}.
 * Whoever interrupts that thread runs the channel's {@code implCloseChannel}, which loops for
 * ever: on the runtime's deadline watchdog it would stop every later timeout. Task {@code closer}
 * answers on which thread the close ran and whether that thread ended, waiting up to
 * {@code wait_ms} for it ({@code not closed} if the close never got past its first line);
 * {@code spin} loops until stopped.
 */
@PrsmPlugin(id = "closes-a-channel-on-its-interrupter", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ClosesAChannelOnItsInterrupterPlugin implements Plugin {

    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Thread closer;
    private volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "arm" -> {
                new Blocker().arm();
                awaitRelease();
                return PluginResponse.success("released");
            }
            case "closer" -> {
                return PluginResponse.success(closer(task.getLong("wait_ms", 0)));
            }
            case "release" -> {
                released.countDown();
                return PluginResponse.success("released");
            }
            default -> {
                loop();
                return PluginResponse.success("unreachable");
            }
        }
    }

    private String closer(long waitMillis) {
        try {
            if (!closing.await(waitMillis, TimeUnit.MILLISECONDS)) {
                return "not closed";
            }
            closer.join(waitMillis);
            return closer.getName() + (closer.isAlive() ? " runs on" : " ended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Waits for release, ignoring interrupts (the runtime's interrupt is what the attack is after). */
    private void awaitRelease() {
        while (released.getCount() > 0) {
            try {
                released.await();
            } catch (InterruptedException ignored) {
                // keep blocking
            }
        }
    }

    private void loop() {
        while (turns != Long.MIN_VALUE) {
            turns++;
        }
    }

    @Override
    public void shutdown() {
        released.countDown();
    }

    private final class Blocker extends AbstractInterruptibleChannel {

        void arm() {
            begin();
        }

        @Override
        protected void implCloseChannel() {
            closer = Thread.currentThread();
            closing.countDown();
            loop();
        }
    }
}
