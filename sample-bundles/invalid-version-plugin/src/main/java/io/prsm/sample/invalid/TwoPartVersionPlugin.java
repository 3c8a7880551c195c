package io.prsm.sample.invalid;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * A test fixture that works but declares version {@code 1.0}: plugin versions must be X.Y.Z, so
 * the runtime refuses it at install and the tests check the refusal names the field.
 */
@PrsmPlugin(id = "invalid-version", version = "1.0", type = PluginType.UTILITY, capabilities = "echo")
@Component(service = Plugin.class)
public final class TwoPartVersionPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(task.config());
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
