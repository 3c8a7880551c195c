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
 * Hostile fixture, level sandbox (an attacker's probe, issue 16; the scan refuses
 * {@code getThreadGroup}, so it runs with {@code prsm.bytecode.scan=report}): task {@code hold}
 * takes the monitor of its thread's {@link ThreadGroup} and blocks in JDK code, ignoring
 * interrupts. On JDK 17 {@code Thread}'s constructor, {@code start} and exit synchronize on the
 * group, so every thread creation in that group waits; in the runtime's own group that took the
 * whole runtime down and blocked SIGTERM. Unlike the attacker's, it lets go when the plugin shuts
 * down, so a test leaves nothing behind.
 */
@PrsmPlugin(id = "holds-its-thread-group", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class HoldsItsThreadGroupPlugin implements Plugin {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private boolean shutDown;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        synchronized (group) {
            lock.lock();
            try {
                if (!shutDown) {
                    released.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }
        return PluginResponse.success("let go of " + group.getName());
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
