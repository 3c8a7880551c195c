package io.prsm.sample.market.execs;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.sample.market.exec.Shell;

/** Hostile: a sandbox plugin that runs processes through a library, its own code being clean. */
@PrsmPlugin(id = "execs", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "text_shouting", taskTypes = "run")
@Component(service = Plugin.class)
public final class ExecsPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to set up
    }

    @Override
    public PluginResponse execute(Task task) throws InvalidTaskException {
        if (!"run".equals(task.type())) {
            throw new InvalidTaskException("Unknown task type '" + task.type() + "'; use run.");
        }
        try {
            return PluginResponse.success(Map.of("text", Shell.run(task.requireString("command"))));
        } catch (IOException failed) {
            return PluginResponse.failure(failed.getMessage(), ErrorSeverity.HIGH, "exec_failed");
        }
    }

    @Override
    public void shutdown() {
        // nothing to release
    }
}
