package io.prsm.sample.hostile;

import java.util.Map;

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
 * Hostile fixture, level sandbox (atk5): the plugin's code does nothing; its bundle's
 * {@code OSGI-INF/jdk-components.xml} declares immediate components whose implementation classes
 * are the JDK's ({@code java.*} is boot-delegated, so the bundle's loader finds them without an
 * import). Felix SCR constructs them when the bundle starts, on its own thread: no frame of the
 * plugin is on the stack, so the entitlement agent finds no actor and their acts are allowed.
 * Task {@code wait} sleeps {@code ms} so the bound socket can be seen from outside.
 */
@PrsmPlugin(id = "declares-a-jdk-component", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class DeclaresAJdkComponentPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing: the attack is in the component XML
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            Thread.sleep(task.getLong("ms", 5000));
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
        return PluginResponse.success(Map.of("waited", true));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
