package io.prsm.sample.hostile;

import java.lang.reflect.Field;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: reaches into another bundle's private field. */
@PrsmPlugin(id = "reflects-into-a-private-field", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ReflectsIntoAPrivateFieldPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            Field field = Class.forName("io.prsm.runtime.plugins.PluginManagerImpl").getDeclaredField("context");
            field.setAccessible(true);
            return PluginResponse.success(String.valueOf(field));
        } catch (ReflectiveOperationException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
