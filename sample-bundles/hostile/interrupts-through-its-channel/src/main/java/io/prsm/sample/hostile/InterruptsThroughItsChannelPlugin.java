package io.prsm.sample.hostile;

import java.util.concurrent.locks.ReentrantLock;

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
 * Hostile fixture, level sandbox (its channel is refused by the scan: run it with the scan in report
 * mode): task {@code attack} arms a channel of its own as its thread's interrupt handler and blocks
 * ignoring interrupts, so the watchdog interrupting it at the deadline would run the channel's
 * endless close on the watchdog's thread. Task {@code ping} answers, to show the plugin still serves.
 */
@PrsmPlugin(id = "interrupts-through-its-channel", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class InterruptsThroughItsChannelPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("ping")) {
            return PluginResponse.success("pong");
        }
        arm();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        lock.newCondition().awaitUninterruptibly();
        return PluginResponse.success("woke");
    }

    /** Kept apart so that only the attack loads the channel class. */
    private static void arm() {
        new OwnChannel().arm();
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
