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
 * Hostile fixture, level sandbox (atk6): {@code OSGI-INF/thread-components.xml} declares six
 * immediate components implemented by its own {@link ScrThread} (a {@code Thread}) with
 * {@code activate="start"}. The manifest rule is satisfied (the class is its own); SCR constructs
 * each (the constructor is the plugin's, attributed) and then calls the inherited
 * {@code Thread.start} reflectively on its own thread, where no plugin frame is: six threads past a
 * limit of four, outside the CPU share, not stopped with the plugin. Task {@code count} answers how
 * many run and their ticks; task {@code wait} sleeps {@code ms}.
 */
@PrsmPlugin(id = "starts-threads-through-scr", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class StartsThreadsThroughScrPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing: the attack is in the component XML
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if ("wait".equals(task.type())) {
            try {
                Thread.sleep(task.getLong("ms", 5000));
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
        return PluginResponse.success(Map.of("running", ScrThread.RUNNING.get(), "ticks", ScrThread.TICKS.get()));
    }

    @Override
    public void shutdown() {
        // its threads are not its to stop: nothing counted them
    }
}
