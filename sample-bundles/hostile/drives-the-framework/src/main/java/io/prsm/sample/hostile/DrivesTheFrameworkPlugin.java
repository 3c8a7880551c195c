package io.prsm.sample.hostile;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;

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
 * Hostile fixture, level sandbox, for the run-time layer alone (the scan refuses its reflection at
 * install). It cannot import {@code org.osgi.framework}, so it loads {@code FrameworkUtil} through
 * the class loader of the {@link PluginConfig} it is handed and calls the framework's public
 * interface methods reflectively. One {@code target} per route, {@code route|argument}:
 * {@code context} (the runtime bundle's {@code BundleContext}), {@code stop} (the runtime's bundle),
 * {@code start-level} (the runtime bundle's start level set past the framework's),
 * {@code install|location} (with its own context, which it may get), {@code bundle-url|url} and
 * {@code bundle-content|url} (another bundle's entry read through a {@code bundle:} URL, by
 * {@code openStream} and by {@code getContent}).
 */
@PrsmPlugin(id = "drives-the-framework", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class DrivesTheFrameworkPlugin implements Plugin {

    private volatile PluginConfig config;

    @Override
    public void initialize(PluginConfig config) {
        this.config = config;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        int bar = target.indexOf('|');
        try {
            return PluginResponse.success(attack(bar < 0 ? target : target.substring(0, bar),
                    bar < 0 ? "" : target.substring(bar + 1)));
        } catch (InvocationTargetException reflected) {
            throw new PluginException(reflected.getCause().toString(), reflected.getCause());
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    private String attack(String route, String argument) throws Exception {
        ClassLoader platform = config.getClass().getClassLoader();
        Class<?> bundleType = Class.forName("org.osgi.framework.Bundle", false, platform);
        Class<?> contextType = Class.forName("org.osgi.framework.BundleContext", false, platform);
        Object runtime = bundleOf(config.getClass(), platform);
        switch (route) {
            case "context" -> {
                return "the runtime's context: " + bundleType.getMethod("getBundleContext").invoke(runtime);
            }
            case "stop" -> {
                bundleType.getMethod("stop").invoke(runtime);
                return "stopped the runtime's bundle";
            }
            case "start-level" -> {
                Class<?> startLevelType = Class.forName("org.osgi.framework.startlevel.BundleStartLevel", false, platform);
                Object startLevel = bundleType.getMethod("adapt", Class.class).invoke(runtime, startLevelType);
                startLevelType.getMethod("setStartLevel", int.class).invoke(startLevel, 1000);
                return "moved the runtime's bundle past the framework's start level";
            }
            case "install" -> {
                Object own = bundleType.getMethod("getBundleContext").invoke(bundleOf(getClass(), platform));
                return "installed " + contextType.getMethod("installBundle", String.class).invoke(own, argument);
            }
            case "bundle-url" -> {
                try (InputStream in = new URL(argument).openStream()) {
                    return "read " + in.readAllBytes().length + " bytes of " + argument;
                }
            }
            case "bundle-content" -> {
                return "read " + new URL(argument).getContent() + " from " + argument;
            }
            default -> throw new IllegalArgumentException("no route " + route);
        }
    }

    private static Object bundleOf(Class<?> type, ClassLoader platform) throws Exception {
        return Class.forName("org.osgi.framework.FrameworkUtil", true, platform).getMethod("getBundle", Class.class)
                .invoke(null, type);
    }
}
