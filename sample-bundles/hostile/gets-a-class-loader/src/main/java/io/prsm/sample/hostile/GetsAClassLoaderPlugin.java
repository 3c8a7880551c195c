package io.prsm.sample.hostile;


import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that takes the class loader of an object the platform handed it, to load classes by name. */
@PrsmPlugin(id = "gets-a-class-loader", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class GetsAClassLoaderPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            Class<?> system = task.getClass().getClassLoader().loadClass("java.lang.System");
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return PluginResponse.success(system.getName() + " " + context);
        } catch (ClassNotFoundException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
