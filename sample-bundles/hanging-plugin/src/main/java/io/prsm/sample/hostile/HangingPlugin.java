package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;

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
 * A hostile test fixture: {@link #initialize} waits for an event that never comes. The runtime
 * must give up on it after its timeout, interrupt it, refuse the plugin and stay responsive.
 */
@PrsmPlugin(id = "hanging-plugin", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "hang")
@Component(service = Plugin.class)
public final class HangingPlugin implements Plugin {

    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        try {
            never.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while hanging in initialize", interrupted);
        }
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(null);
    }

    @Override
    public void shutdown() {
        never.countDown();
    }
}
