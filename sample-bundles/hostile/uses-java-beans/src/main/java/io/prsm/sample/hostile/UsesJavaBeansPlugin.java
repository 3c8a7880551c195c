package io.prsm.sample.hostile;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that introspects a class with java.beans to reach its members by name. */
@PrsmPlugin(id = "uses-java-beans", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class UsesJavaBeansPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            StringBuilder names = new StringBuilder();
            for (PropertyDescriptor property : Introspector.getBeanInfo(task.getClass()).getPropertyDescriptors()) {
                names.append(property.getName()).append(' ');
            }
            return PluginResponse.success(names.toString());
        } catch (IntrospectionException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
