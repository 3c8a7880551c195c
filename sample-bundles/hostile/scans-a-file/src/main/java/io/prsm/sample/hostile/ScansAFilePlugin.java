package io.prsm.sample.hostile;

import java.io.File;
import java.util.Scanner;

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
 * Hostile fixture, level sandbox: Reads a host file through java.util.Scanner given a file. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "scans-a-file", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ScansAFilePlugin implements Plugin {

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
        try (Scanner scanner = new Scanner(new File(target))) {
            return PluginResponse.success(scanner.nextLine());
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
