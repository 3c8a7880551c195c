package io.prsm.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * A sandbox plugin that opens, reads and closes the file its task names (a file in its own data
 * folder): the act the entitlement check guards, with the plugin's frame on the stack.
 */
public final class FileReadingPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try (InputStream in = Files.newInputStream(Path.of((String) task.config().get("path")))) {
            return PluginResponse.success(Map.of("bytes", in.readAllBytes().length));
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
