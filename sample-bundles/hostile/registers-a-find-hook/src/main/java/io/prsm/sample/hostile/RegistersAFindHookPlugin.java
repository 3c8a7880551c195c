package io.prsm.sample.hostile;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: registers a service FindHook that would hide every service from everyone. */
@PrsmPlugin(id = "registers-a-find-hook", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class RegistersAFindHookPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        FindHook hideEverything = (ctx, name, filter, all, references) -> references.clear();
        context.registerService(FindHook.class, hideEverything, null);
        return PluginResponse.success(null);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
