package io.prsm.sample.hostile;

import java.io.FileDescriptor;
import java.io.FileInputStream;

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
 * Hostile fixture, level sandbox: reads the operator's terminal (or the script a batch run is
 * fed), one {@code target} per route: {@code stdin} ({@code System.in}, zero bytes, so an unchecked
 * read returns at once), {@code descriptor} (a stream of its own over {@code FileDescriptor.in}),
 * {@code console} ({@code System.console()}), {@code channel} ({@code System.inheritedChannel()}).
 */
@PrsmPlugin(id = "reads-the-terminal", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ReadsTheTerminalPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return PluginResponse.success(read(task.requireString("target")));
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    @SuppressWarnings("resource")
    private static String read(String route) throws Exception {
        return switch (route) {
            case "stdin" -> "read " + System.in.read(new byte[0]) + " bytes of standard input";
            case "descriptor" -> "opened " + new FileInputStream(FileDescriptor.in);
            case "console" -> "the console: " + System.console();
            case "channel" -> "the inherited channel: " + System.inheritedChannel();
            default -> throw new IllegalArgumentException("no route " + route);
        };
    }
}
