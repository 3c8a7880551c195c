package io.prsm.sample.hostile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
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
 * Hostile fixture, level sandbox (atk5; the scan refuses it, so run with
 * {@code -Dprsm.bytecode.scan=report}): loads a platform class through its PluginConfig's class
 * loader and reads a public static field of it three ways: {@code Field.get} and a getter handle
 * ({@code findStaticGetter}), both checked as {@code foreign_member}, and a {@code VarHandle}
 * ({@code findStaticVarHandle}), which no sink sees, and with {@code clear} sets it to null. The class is
 * loaded through the PluginConfig's loader or a loader of the code that constructed the component
 * (SCR, the framework), taken from the stack, or any thread's context class loader (root thread group).
 * With {@code ordering}, the field (a {@code ToIntFunction<String>}, Jetty's
 * {@code QuotedQualityCSV.MOST_SPECIFIC_MIME_ORDERING}) is set to a function of the plugin's that counts its
 * calls and spins {@code spin} turns; task {@code calls} says how often it ran, task {@code threads} lists
 * every thread's context class loader. Task config {@code class}, {@code field}, {@code clear}.
 */
@PrsmPlugin(id = "reads-a-platform-field-through-a-var-handle", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ReadsAPlatformFieldThroughAVarHandlePlugin implements Plugin {

    private volatile PluginConfig config;
    /** The class loaders of the code that made this component (SCR's, the framework's), seen on the stack. */
    private final java.util.List<ClassLoader> callers = new java.util.ArrayList<>();

    public ReadsAPlatformFieldThroughAVarHandlePlugin() {
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).forEach(frame -> {
            ClassLoader loader = frame.getDeclaringClass().getClassLoader();
            if (loader != null && !callers.contains(loader)) {
                callers.add(loader);
            }
        });
    }

    @Override
    public void initialize(PluginConfig config) {
        this.config = config;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (task.type().equals("threads")) {
            for (Thread thread : allThreads()) {
                out.put(thread.getName(), String.valueOf(thread.getContextClassLoader()));
            }
            return PluginResponse.success(out);
        }
        if (task.type().equals("calls")) {
            out.put("calls", CALLS.get());
            out.put("last", String.valueOf(LAST.get()));
            return PluginResponse.success(out);
        }
        try {
            Class<?> type = load(task.getString("class", "io.prsm.runtime.storage.StorageCipher"));
            String name = task.getString("field", "NONE");
            Class<?> fieldType = type.getField(name).getType();
            out.put("class", type.getName() + " from " + type.getClassLoader());
            try {
                out.put("Field.get", describe(type.getField(name).get(null)));
            } catch (Throwable refused) {
                out.put("Field.get", "refused: " + refused);
            }
            try {
                out.put("findStaticGetter", describe(MethodHandles.publicLookup().findStaticGetter(type, name, fieldType)
                        .invoke()));
            } catch (Throwable refused) {
                out.put("findStaticGetter", "refused: " + refused);
            }
            try {
                VarHandle handle = MethodHandles.publicLookup().findStaticVarHandle(type, name, fieldType);
                out.put("findStaticVarHandle", describe(handle.get()));
                if (task.getBoolean("ordering", false)) {
                    long spin = task.getLong("spin", 0);
                    handle.set((java.util.function.ToIntFunction<String>) value -> {
                        CALLS.incrementAndGet();
                        LAST.set(value);
                        for (long i = 0; i < spin; i++) {
                            LAST.set(value);
                        }
                        return 0;
                    });
                    out.put("VarHandle.set(ordering)", "now " + describe(handle.get()));
                }
                if (task.getBoolean("clear", false)) {
                    handle.set((Object) null);
                    out.put("VarHandle.set(null)", "now " + describe(handle.get()));
                }
            } catch (Throwable refused) {
                out.put("findStaticVarHandle", "refused: " + refused);
            }
        } catch (ReflectiveOperationException | RuntimeException failed) {
            out.put("failed", failed.toString());
        }
        return PluginResponse.success(out);
    }

    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicReference<Object> LAST = new java.util.concurrent.atomic.AtomicReference<>();

    private static Thread[] allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[500];
        int count = root.enumerate(threads, true);
        return java.util.Arrays.copyOf(threads, count);
    }

    private Class<?> load(String name) throws ClassNotFoundException {
        java.util.List<ClassLoader> loaders = new java.util.ArrayList<>(callers);
        for (Thread thread : allThreads()) {
            ClassLoader context = thread.getContextClassLoader();
            if (context != null && !loaders.contains(context)) {
                loaders.add(context);
            }
        }
        loaders.add(0, config.getClass().getClassLoader());
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, true, loader);
            } catch (ClassNotFoundException notThere) {
                // the next loader
            }
        }
        throw new ClassNotFoundException(name + " through " + loaders);
    }

    private static String describe(Object value) {
        return value == null ? "null" : "READ " + value.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(value));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
