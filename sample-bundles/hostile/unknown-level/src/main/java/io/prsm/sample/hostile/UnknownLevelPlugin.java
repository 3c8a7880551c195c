package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * Hostile fixture: its manifest (bnd.bnd, since the annotation only knows the real levels)
 * declares security level "root". Were an unknown level treated as no plugin at all, it would get
 * the platform's view of every service.
 */
@Component(service = Plugin.class)
public final class UnknownLevelPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("root");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
