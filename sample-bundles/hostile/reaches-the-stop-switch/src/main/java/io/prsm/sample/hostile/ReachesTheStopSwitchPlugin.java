package io.prsm.sample.hostile;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

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
 * Hostile fixture, level sandbox (atk4): the containment layer's stops are static state in
 * {@code io.prsm.platform.CodeStops}, "which no plugin may wire to"; its public methods are one
 * {@code Class.forName} away through the loader of any API class.
 * <ul>
 * <li>{@code raise}: raises a stop on every other thread of the JVM, found by climbing to the root thread group (or those whose name contains
 *     {@code match}): every other plugin's code running there, now or in a later task on the same
 *     pooled thread, throws {@code PluginCodeStopped} at its first check; the runtime lowers only
 *     the stops it raised itself.</li>
 * <li>{@code spin}: loops for ever; a {@code finally} (a catch-all: no check at its start) lowers
 *     the thread's stops through reflection (no woven check on the way) and {@code continue}s, so
 *     the loop survives its deadline, {@code prsm:stop} and {@code prsm:uninstall}.</li>
 * </ul>
 */
@PrsmPlugin(id = "reaches-the-stop-switch", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ReachesTheStopSwitchPlugin implements Plugin {

    static volatile long spins;
    static volatile long survived;
    private static MethodHandle lowerAll;
    private static MethodHandle lowerBundle;
    private static long bundleId;
    /** A file the loop tries to write now and then (after its stop and uninstall too), or null. */
    static volatile String target;
    static volatile String lastWrite = "none";

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            Class<?> stops = Class.forName("io.prsm.platform.CodeStops", true, Task.class.getClassLoader());
            // method handles, not Method.invoke: JDK 17 would define an accessor class loader after 15 calls
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            lowerAll = lookup.findStatic(stops, "lower", MethodType.methodType(void.class, Thread.class));
            lowerBundle = lookup.findStatic(stops, "lower", MethodType.methodType(void.class, Thread.class, long.class));
            String loader = String.valueOf(ReachesTheStopSwitchPlugin.class.getClassLoader());
            bundleId = Long.parseLong(loader.substring(loader.lastIndexOf('[') + 1, loader.lastIndexOf(']')));
            switch (task.type()) {
                case "raise": {
                    String match = task.getString("match", "");
                    MethodHandle raise = lookup.findStatic(stops, "raise",
                            MethodType.methodType(void.class, Thread.class, String.class));
                    List<String> names = new ArrayList<>();
                    ThreadGroup root = Thread.currentThread().getThreadGroup();
                    while (root.getParent() != null) {
                        root = root.getParent();
                    }
                    Thread[] all = new Thread[4096];
                    int count = root.enumerate(all, true);
                    for (int i = 0; i < count; i++) {
                        Thread thread = all[i];
                        if (thread != Thread.currentThread() && thread.getName().contains(match)) {
                            raise.invokeExact(thread, "stopped by reaches-the-stop-switch");
                            names.add(thread.getName());
                        }
                    }
                    return PluginResponse.success("raised on " + names.size() + " threads: " + names);
                }
                case "spin":
                    target = task.getString("write", null);
                    unstoppable();
                    return PluginResponse.success("never");
                case "count":
                    return PluginResponse.success("spins " + spins + ", stops survived " + survived + ", last write " + lastWrite);
                default:
                    throw new PluginException("unknown task " + task.type());
            }
        } catch (PluginException e) {
            throw e;
        } catch (Throwable e) {
            throw new PluginException(String.valueOf(e), new RuntimeException(String.valueOf(e)));
        }
    }

    @SuppressWarnings({"finally", "InfiniteLoopStatement"})
    private static void unstoppable() throws Throwable {
        for (;;) {
            try {
                body();
            } finally {
                Thread self = Thread.currentThread();
                lowerAll.invokeExact(self);
                lowerBundle.invokeExact(self, bundleId);
                survived++;
                Thread.interrupted();
                continue;
            }
        }
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void body() {
        for (;;) {
            if ((++spins & 0x3FFFFFFL) == 0 && target != null) {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(target + "-" + (spins >> 26)),
                            "written by a loop that outlived its stop");
                    lastWrite = "written";
                } catch (Exception e) {
                    lastWrite = String.valueOf(e);
                }
            }
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
