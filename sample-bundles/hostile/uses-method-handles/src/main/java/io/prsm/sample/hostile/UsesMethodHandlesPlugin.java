package io.prsm.sample.hostile;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that reaches System.exit by name through MethodHandles.Lookup, which no deny list named. */
@PrsmPlugin(id = "uses-method-handles", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class UsesMethodHandlesPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            MethodHandle exit = MethodHandles.publicLookup().findStatic(Runtime.class, "ex" + "it",
                    MethodType.methodType(void.class, int.class));
            exit.invoke(Runtime.getRuntime(), 3);
            return PluginResponse.success("gone");
        } catch (Throwable e) {
            throw new PluginException(String.valueOf(e.getMessage()), new Exception(e));
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
