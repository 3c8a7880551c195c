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
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Security test fixture: the file access a sandbox plugin is refused, done by a plugin the
 * policy trusts. It must work once trusted and be refused otherwise.
 */
@PrsmPlugin(id = "trusted-temp-file", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.TRUSTED,
        capabilities = "temp_files")
@Component(service = Plugin.class)
public final class TrustedTempFilePlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            Path file = Files.createTempFile("prsm-trusted", ".txt");
            try {
                Files.writeString(file, task.getString("text", "hello"));
                return PluginResponse.success(Files.readString(file));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
