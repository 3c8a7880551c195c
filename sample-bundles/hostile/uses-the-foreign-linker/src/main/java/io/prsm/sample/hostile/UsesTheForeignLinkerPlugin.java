package io.prsm.sample.hostile;

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
 * Hostile fixture, level sandbox: Reaches native code through the FFM API (java.lang.foreign, JDK 22 and later), by reflection so it builds for 17. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "uses-the-foreign-linker", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class UsesTheForeignLinkerPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        try {
            return attack(target);
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    private static PluginResponse attack(String target) throws Throwable {
        Class<?> linker;
        try {
            // named at run time, so bnd does not import a package JDK 17 lacks
            linker = Class.forName(String.join(".", "java", "lang", "foreign", "Linker"));
        } catch (ClassNotFoundException absent) {
            return PluginResponse.success("no FFM API in this JDK");
        }
        return PluginResponse.success(String.valueOf(linker.getMethod("nativeLinker").invoke(null)));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
