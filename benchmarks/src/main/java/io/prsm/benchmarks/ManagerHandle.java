package io.prsm.benchmarks;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The runtime's {@code PluginManager} as seen from outside the framework. The benchmark's own
 * copy of the API classes is not the one the framework's bundles use, so calls go through the
 * service object's methods by name, with task objects made by the API bundle's own {@code Task}.
 *
 * <p>Concurrent semantics: thread-safe as the manager is; the reflective handles are immutable.
 */
final class ManagerHandle {

    private static final Duration READY = Duration.ofSeconds(60);

    private final Object manager;
    private final Method install;
    private final Method swap;
    private final Method execute;
    private final Constructor<?> newTask;
    private final Method success;

    ManagerHandle(RunningRuntime runtime) throws Exception {
        BundleContext context = runtime.context();
        // Declarative Services registers the manager once the framework has started: wait for it
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context,
                context.createFilter("(objectClass=io.prsm.api.runtime.PluginManager)"), null);
        // all services: the framework's own class space has another copy of the API, so by class it would not match
        tracker.open(true);
        manager = tracker.waitForService(READY.toMillis());
        if (manager == null) {
            StringBuilder bundles = new StringBuilder();
            for (Bundle bundle : context.getBundles()) {
                bundles.append(' ').append(bundle.getSymbolicName()).append('=').append(bundle.getState());
            }
            throw new IllegalStateException("The runtime registered no PluginManager within " + READY + "; bundles:"
                    + bundles);
        }
        Bundle api = runtime.bundle("io.prsm.api");
        Class<?> managerType = api.loadClass("io.prsm.api.runtime.PluginManager");
        Class<?> taskType = api.loadClass("io.prsm.api.Task");
        install = managerType.getMethod("install", String.class);
        swap = managerType.getMethod("swap", String.class, String.class);
        execute = managerType.getMethod("execute", String.class, taskType);
        newTask = taskType.getConstructor(String.class, Map.class);
        success = api.loadClass("io.prsm.api.PluginResponse").getMethod("success");
    }

    void install(String location) throws Exception {
        call(install, location);
    }

    void swap(String plugin, String location) throws Exception {
        call(swap, plugin, location);
    }

    /** Queues a task; the future completes with whether the plugin answered it successfully. */
    CompletableFuture<Boolean> execute(String plugin, String type, Map<String, Object> config) throws Exception {
        Object task = newTask.newInstance(type, config);
        CompletionStage<?> answer = (CompletionStage<?>) call(execute, plugin, task);
        return answer.toCompletableFuture().thenApply(response -> {
            try {
                return (Boolean) success.invoke(response);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Object call(Method method, Object... arguments) throws Exception {
        try {
            return method.invoke(manager, arguments);
        } catch (InvocationTargetException failed) {
            if (failed.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw failed;
        }
    }
}
