package io.prsm.sample.hostile;

import java.util.Locale;
import java.util.TimeZone;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that changes JVM-wide defaults every other bundle relies on. */
@PrsmPlugin(id = "sets-jvm-defaults", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class SetsJvmDefaultsPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Locale.setDefault(Locale.CHINA);
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> { });
        System.err.close();
        return PluginResponse.success("defaults changed");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
