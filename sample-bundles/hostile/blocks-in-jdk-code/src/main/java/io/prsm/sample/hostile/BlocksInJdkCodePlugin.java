package io.prsm.sample.hostile;

import java.util.concurrent.locks.Condition;
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
 * Hostile fixture, level sandbox (an attacker's probe, issue 16): task {@code block} waits in
 * {@code Condition.awaitUninterruptibly}, JDK code that ignores interrupts and runs no woven
 * check, so no stop ends it (as {@code LongStream.iterate(..).count()} or regex backtracking would
 * spin). Unlike the attacker's, it ends when the plugin shuts down, so a test leaves nothing behind.
 */
@PrsmPlugin(id = "blocks-in-jdk-code", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class BlocksInJdkCodePlugin implements Plugin {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private boolean shutDown;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        lock.lock();
        try {
            if (!shutDown) {
                released.awaitUninterruptibly();
            }
            return PluginResponse.success("released");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutDown = true;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
