package io.prsm.sample.hostile;

import java.beans.Introspector;
import java.beans.Statement;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * Hostile fixture, level sandbox: changes a JVM-wide setting each component of the host relies on,
 * by an indirect route. The task's {@code target} picks it: {@code security-manager} (through
 * {@code java.beans.Statement}; on JDK 17 it would take the runtime down), {@code max-priority}
 * (its thread group, by reflection by name), {@code bean-search-path} (through a method handle),
 * {@code root-logger} (the root {@code java.util.logging} level), {@code assertions} (the system
 * class loader's default assertion status) or {@code reachable} (an ICMP probe of 127.0.0.1).
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "sets-jvm-wide-settings", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class SetsJvmWideSettingsPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        try {
            return attack(target);
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    @SuppressWarnings("removal")
    private static PluginResponse attack(String target) throws Throwable {
        switch (target) {
            case "security-manager" -> new Statement(System.class, "setSecurityManager",
                    new Object[] { new SecurityManager() }).execute();
            case "max-priority" -> ThreadGroup.class.getMethod("setMaxPriority", int.class)
                    .invoke(Thread.currentThread().getThreadGroup(), Thread.MIN_PRIORITY);
            case "bean-search-path" -> MethodHandles.publicLookup().findStatic(Introspector.class,
                    "setBeanInfoSearchPath", MethodType.methodType(void.class, String[].class))
                    .invoke(new String[] { "io.prsm.sample.hostile" });
            case "root-logger" -> Logger.getLogger("").setLevel(Level.OFF);
            case "assertions" -> ClassLoader.getSystemClassLoader().setDefaultAssertionStatus(true);
            case "reachable" -> InetAddress.getByName("127.0.0.1").isReachable(200);
            default -> throw new PluginException("unknown target " + target);
        }
        return PluginResponse.success("set " + target);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
