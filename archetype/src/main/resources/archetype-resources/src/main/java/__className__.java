package ${package};

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * The ${pluginId} plugin. {@code @PrsmPlugin} writes what the runtime reads from the manifest (id,
 * version, type, security level, capabilities); {@code @Component} registers the plugin as a
 * service, which is how the runtime finds it once the bundle starts.
 *
 * <p>Tasks: {@code greet} ({@code name}) answers {@code {"message": "Hello, NAME!"}}.
 *
 * <p>Concurrent semantics: stateless, so thread-safe; the runtime may run tasks at once.
 */
@PrsmPlugin(id = "${pluginId}", version = "1.0.0", type = PluginType.${pluginType.toUpperCase()},
        level = SecurityLevel.ISOLATED, capabilities = { "greeting" })
@Component(service = Plugin.class)
public final class ${className} implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare: the plugin keeps no state
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return switch (task.type()) {
            case "greet" -> PluginResponse.success(Map.of("message", "Hello, " + task.requireString("name") + "!"));
            // a caller's mistake: answered as a failed task, not counted against the plugin
            default -> throw new InvalidTaskException("Unknown task type '" + task.type() + "'; this plugin runs greet");
        };
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
