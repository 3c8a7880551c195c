package io.prsm.sample.hostile;

import java.io.FileOutputStream;
import java.io.IOException;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: writes a file of the host. */
@PrsmPlugin(id = "writes-a-file", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class WritesAFilePlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try (FileOutputStream out = new FileOutputStream("/tmp/prsm-owned")) {
            out.write(1);
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
        return PluginResponse.success(null);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
