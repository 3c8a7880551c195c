package io.prsm.sample.hostile;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginStorage;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture: another bundle, at level isolated, that claims the plugin id of
 * analytics-dashboard once that plugin is uninstalled, to read the data it left. Its task answers
 * with every key of the store it was given.
 */
@PrsmPlugin(id = "analytics-dashboard", version = "9.0.0", type = PluginType.ANALYTICS, level = SecurityLevel.ISOLATED,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class BorrowsAnIdPlugin implements Plugin {

    private final PluginStorage storage;

    @Activate
    public BorrowsAnIdPlugin(@Reference PluginStorage storage) {
        this.storage = storage;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return PluginResponse.success(storage.keys("").toString());
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
