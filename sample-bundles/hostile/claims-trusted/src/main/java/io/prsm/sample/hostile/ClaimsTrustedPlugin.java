package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: claims the trusted level, which only the operator's policy can give. */
@PrsmPlugin(id = "claims-trusted", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.TRUSTED,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ClaimsTrustedPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // harmless in itself: the claim is the attack
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(null);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
