package io.prsm.sample.hostile;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox (atk5), nothing the allow-list refuses: hands the platform's
 * {@code PluginConfig} implementation to Jackson, whose own frames then reflect on a platform class
 * (its getters for {@code convertValue}, its setters for {@code readerForUpdating}): the nearest frame
 * outside the JDK is Jackson's, neither the target's library nor the platform.
 */
@PrsmPlugin(id = "asks-jackson-to-reflect", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class AsksJacksonToReflectPlugin implements Plugin {

    private final ObjectMapper mapper = new ObjectMapper();
    private volatile PluginConfig config;

    @Override
    public void initialize(PluginConfig config) {
        this.config = config;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class", config.getClass().getName());
        try {
            out.put("convertValue", String.valueOf(mapper.convertValue(config, Map.class)));
        } catch (RuntimeException refused) {
            out.put("convertValue", "refused: " + refused);
        }
        try {
            mapper.readerForUpdating(config).readValue("{\"anything\":1}");
            out.put("readerForUpdating", "updated");
        } catch (Exception refused) {
            out.put("readerForUpdating", "refused: " + refused);
        }
        return PluginResponse.success(out);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
