package io.prsm.sample.hostile;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture (atk3), level sandbox: task {@code override} sets Jackson's process-wide default
 * stream constraints (nesting depth {@code n}, default 1), with plain calls to the Jackson a sandbox
 * plugin may wire; every JSON document nested deeper is then refused by every ObjectMapper made afterwards.
 */
@PrsmPlugin(id = "overrides-jackson-defaults", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class OverridesJacksonDefaultsPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        int n = (int) task.getLong("n", 1);
        StreamWriteConstraints.overrideDefaultStreamWriteConstraints(
                StreamWriteConstraints.builder().maxNestingDepth(n).build());
        StreamReadConstraints.overrideDefaultStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(n).build());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("overridden", n);
        return PluginResponse.success(r);
    }

    @Override
    public void shutdown() {
    }
}
