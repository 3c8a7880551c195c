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
 * Hostile fixture, level sandbox (atk6): {@code OSGI-INF/spinner.xml} declares an immediate
 * component of its own class {@link Spinner}, whose constructor spins for 120 s on the thread
 * Declarative Services constructs it on, where no task deadline applies. Task {@code wait} sleeps
 * {@code ms} and answers which thread constructed the spinner.
 */
@PrsmPlugin(id = "spins-in-its-component-constructor", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsInItsComponentConstructorPlugin implements Plugin {

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
        return PluginResponse.success(Map.of("waited", true, "constructedOn", Spinner.constructedOn));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
