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
 * Hostile fixture, level isolated (atk6; the twin of names-jdk-classes-as-its-own): the plugin's code does nothing; its bundle's
 * {@code OSGI-INF/jdk-components.xml} declares immediate components whose implementation classes
 * are the JDK's, and the jar holds an entry under each such name ({@code java/util/Timer.class}, a
 * copy of {@link Decoy}'s class file), which the manifest rule takes for a class of its own.
 * {@code java.*} is boot-delegated, so the bundle's loader returns the JDK class, and Felix SCR
 * constructs it on its own thread with no frame of the plugin on the stack. Task {@code wait}
 * sleeps {@code ms} so the bound socket can be seen from outside.
 */
@PrsmPlugin(id = "names-jdk-classes-as-its-own-isolated", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.ISOLATED, capabilities = "attack")
@Component(service = Plugin.class)
public final class NamesJdkClassesAsItsOwnIsolatedPlugin implements Plugin {

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
