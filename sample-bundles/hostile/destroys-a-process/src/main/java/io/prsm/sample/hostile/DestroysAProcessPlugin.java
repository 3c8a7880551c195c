package io.prsm.sample.hostile;

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
 * Hostile fixture, level sandbox: kills another process of the host through ProcessHandle, and reads what the others run. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "destroys-a-process", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class DestroysAProcessPlugin implements Plugin {

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
        if (target.equals("list")) {
            StringBuilder commands = new StringBuilder();
            ProcessHandle.allProcesses().forEach(process -> commands.append(process.info().commandLine()).append('\n'));
            return PluginResponse.success(commands.toString());
        }
        boolean destroyed = ProcessHandle.of(Long.parseLong(target)).map(ProcessHandle::destroy).orElse(false);
        return PluginResponse.success("destroyed " + destroyed);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
