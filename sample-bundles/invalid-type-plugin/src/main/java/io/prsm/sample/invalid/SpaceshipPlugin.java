package io.prsm.sample.invalid;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * A test fixture whose manifest declares plugin type {@code spaceship}, which is no plugin type;
 * the runtime must refuse it at install.
 */
@Component(service = Plugin.class)
public final class SpaceshipPlugin implements Plugin {

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
