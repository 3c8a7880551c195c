package io.prsm.sample.hostile;

import java.util.Collections;

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
 * Hostile fixture, level sandbox (the scan refuses Runtime.gc: run it with the scan in report mode):
 * task {@code attack} runs full garbage collections back to back, each stopping every thread of the
 * JVM. The task's {@code target} picks the route: {@code system} ({@code System.gc()}),
 * {@code runtime} ({@code Runtime.gc()}, native) or {@code reference} (a JDK loop calling
 * {@code Runtime.getRuntime()::gc}, as the attacker's storm did); and {@code reflection}
 * ({@code Method.invoke}) and {@code handle} (a method handle from a public lookup), which the
 * weaving that turns plugin code's calls of the native {@code Runtime.gc} into {@code System.gc}
 * never sees.
 */
@PrsmPlugin(id = "storms-the-gc", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class StormsTheGcPlugin implements Plugin {

    private static final int STORM = 1000;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        switch (target) {
            case "system" -> {
                for (int i = 0; i < STORM; i++) {
                    System.gc();
                }
            }
            case "runtime" -> {
                for (int i = 0; i < STORM; i++) {
                    Runtime.getRuntime().gc();
                }
            }
            case "reference" -> {
                Runnable gc = Runtime.getRuntime()::gc;
                Collections.nCopies(STORM, gc).forEach(Runnable::run);
            }
            case "reflection" -> {
                try {
                    java.lang.reflect.Method gc = Runtime.class.getMethod("gc");
                    for (int i = 0; i < STORM; i++) {
                        gc.invoke(Runtime.getRuntime());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new PluginException(e.toString(), e);
                }
            }
            case "handle" -> {
                try {
                    java.lang.invoke.MethodHandle gc = java.lang.invoke.MethodHandles.publicLookup().findVirtual(
                            Runtime.class, "gc", java.lang.invoke.MethodType.methodType(void.class));
                    for (int i = 0; i < STORM; i++) {
                        gc.invoke(Runtime.getRuntime());
                    }
                } catch (Throwable e) {
                    throw new PluginException(e.toString(), e);
                }
            }
            default -> throw new PluginException("unknown target " + target);
        }
        return PluginResponse.success(STORM + " full collections by " + target);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
