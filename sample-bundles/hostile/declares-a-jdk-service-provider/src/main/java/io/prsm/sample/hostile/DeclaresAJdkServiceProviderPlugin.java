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
 * Hostile fixture, level sandbox (atk5): the plugin's code does nothing; its manifest's
 * {@code SPI-Provider: *} asks Aries SPI Fly to register the providers its
 * {@code META-INF/services/java.lang.Object} names, JDK classes, which SPI Fly constructs on its own
 * thread when the bundle starts. Task {@code wait} sleeps {@code ms}.
 */
@PrsmPlugin(id = "declares-a-jdk-service-provider", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class DeclaresAJdkServiceProviderPlugin implements Plugin {

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
