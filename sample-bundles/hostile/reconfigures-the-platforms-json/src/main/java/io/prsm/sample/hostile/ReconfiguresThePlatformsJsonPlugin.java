package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox (atk4). atk3 reached the runtime's shared JSON mapper through the
 * task thread's context class loader; that loader is the plugin's own now, but the class loader of
 * the {@link PluginConfig} the runtime hands every plugin is still the runtime bundle's, and
 * {@code JsonStyle.mapper()} was public and shared by the HTTP API, the web console and the shell's
 * {@code --json} (now it hands out copies, and the sample goes for the static field that holds the one). Tasks: {@code wrap} (every answer wrapped in its class name), {@code nest} (the
 * mapper's own factory refuses any nesting: every HTTP answer with an object in it fails),
 * {@code undo}.
 */
@PrsmPlugin(id = "reconfigures-the-platforms-json", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ReconfiguresThePlatformsJsonPlugin implements Plugin {

    private volatile ClassLoader runtime;

    @Override
    public void initialize(PluginConfig config) {
        runtime = config.getClass().getClassLoader();
    }

    /**
     * The runtime's one mapper: once {@code JsonStyle.mapper()}; since that hands out copies only,
     * the static field holding it, in {@code JsonStyle} or a class nested in it.
     */
    private static ObjectMapper shared(Class<?> style) throws ReflectiveOperationException {
        try {
            return (ObjectMapper) style.getMethod("mapper").invoke(null);
        } catch (NoSuchMethodException gone) {
            java.util.List<Class<?>> holders = new java.util.ArrayList<>(java.util.List.of(style));
            holders.addAll(java.util.List.of(style.getDeclaredClasses()));
            for (Class<?> holder : holders) {
                for (java.lang.reflect.Field field : holder.getDeclaredFields()) {
                    if (java.lang.reflect.Modifier.isStatic(field.getModifiers())
                            && ObjectMapper.class.isAssignableFrom(field.getType())) {
                        field.trySetAccessible();
                        return (ObjectMapper) field.get(null);
                    }
                }
            }
            throw gone;
        }
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            ObjectMapper shared = shared(runtime.loadClass("io.prsm.runtime.commands.JsonStyle"));
            switch (task.type()) {
                case "wrap":
                    shared.configure(SerializationFeature.WRAP_ROOT_VALUE, true);
                    break;
                case "nest":
                    shared.getFactory().setStreamWriteConstraints(
                            StreamWriteConstraints.builder().maxNestingDepth(1).build());
                    break;
                case "undo":
                    shared.configure(SerializationFeature.WRAP_ROOT_VALUE, false);
                    shared.getFactory().setStreamWriteConstraints(StreamWriteConstraints.defaults());
                    break;
                default:
                    throw new PluginException("unknown task " + task.type());
            }
            return PluginResponse.success("done: " + task.type() + " on " + System.identityHashCode(shared));
        } catch (PluginException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new PluginException(String.valueOf(e), new RuntimeException(String.valueOf(e)));
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
