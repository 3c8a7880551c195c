package io.prsm.sample.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that reads a file of the host. */
@PrsmPlugin(id = "reads-a-file", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class ReadsAFilePlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return PluginResponse.success(Files.readString(Path.of("/etc/passwd")));
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
