package io.prsm.sample.hostile;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

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
 * Hostile fixture, level isolated: Starts a process through MethodHandles.publicLookup().bind with a MethodType parsed from a string. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "binds-a-method-handle", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class BindsAMethodHandlePlugin implements Plugin {

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

    private static PluginResponse attack(String target) throws Throwable {
        MethodHandle exec = MethodHandles.publicLookup().bind(Runtime.getRuntime(), "exec",
                MethodType.fromMethodDescriptorString("([Ljava/lang/String;)Ljava/lang/Process;", null));
        Object process = exec.invoke(new String[] { "touch", target });
        return PluginResponse.success(String.valueOf(process));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
