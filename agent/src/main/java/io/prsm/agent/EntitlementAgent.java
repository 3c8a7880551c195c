package io.prsm.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entitlement agent. Loaded before {@code main} ({@code Launcher-Agent-Class} of prsm.jar,
 * {@code -javaagent:}) or into a running JVM ({@code Agent-Class}, self-attach), it
 * <ol>
 * <li>defines the bridge ({@code io.prsm.bridge}) in the boot loader from its own copy
 * ({@link BootDefiner}: no jar is appended to the boot class path, so class-data sharing stays on),
 * so that {@code java.base} can call it;</li>
 * <li>lets each module with sinks read the bridge (a named module reads no unnamed one by
 * itself);</li>
 * <li>instruments the sinks of classes loaded from now on, and retransforms those already
 * loaded;</li>
 * <li>puts {@link StandardInput} in place of {@code System.in}, whose reads then ask the checker;</li>
 * <li>on JDK 17 and 18, names the bridge's {@code CommonPoolThreads} as the common pool's thread
 * factory, so no worker keeps the context class loader of the thread that made it.</li>
 * </ol>
 * Loading it twice (prsm.jar started with {@code -javaagent} as well) installs it once. Until the
 * gatekeeper installs its checker, every sink acts unchecked.
 *
 * <p>Concurrent semantics: installation is synchronized; the JVM calls the entry points once each.
 */
public final class EntitlementAgent {

    static final String BRIDGE_CLASS = "io.prsm.bridge.Entitlements";
    /** The JDK's property naming the common pool's thread factory ({@code io.prsm.bridge.CommonPoolThreads}). */
    private static final String COMMON_POOL_FACTORY = "java.util.concurrent.ForkJoinPool.common.threadFactory";
    /** The bridge's classes, each after the types it extends. */
    private static final List<String> BRIDGE_FILES = List.of("io/prsm/bridge/EntitlementChecker.class",
            "io/prsm/bridge/EntitlementDeniedException.class", "io/prsm/bridge/Entitlements$PlatformAct.class",
            "io/prsm/bridge/Entitlements$ThreadState.class", "io/prsm/bridge/Entitlements.class",
            "io/prsm/bridge/CommonPoolThreads.class", "io/prsm/bridge/CommonPoolThreads$Worker.class");

    private EntitlementAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws IOException {
        install(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) throws IOException {
        install(instrumentation);
    }

    /** Whether the bridge is in the boot loader, that is, an agent installed it in this JVM. */
    public static boolean installed() {
        return bootBridge().isPresent();
    }

    static synchronized void install(Instrumentation instrumentation) throws IOException {
        if (installed()) {
            return;
        }
        BootDefiner.define(instrumentation, BRIDGE_FILES);
        if (Runtime.version().feature() < 19 && System.getProperty(COMMON_POOL_FACTORY) == null) {
            // read when the common pool is made: at JVM start that is still to come (after a self-attach it may
            // not be, and the gatekeeper says so); the bridge's class, found in the boot loader by its name
            System.setProperty(COMMON_POOL_FACTORY, "io.prsm.bridge.CommonPoolThreads");
        }
        Optional<Class<?>> defined = bootBridge();
        if (defined.isEmpty()) {
            throw new IllegalStateException("the bridge is not in the boot loader after defining it");
        }
        Module bridge = defined.get().getModule();
        // no streams or lambdas here: in premain each would spin a class in a JVM that has bootstrapped none yet
        Map<String, Module> byPackage = new HashMap<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (String packageName : module.getPackages()) {
                byPackage.put(packageName, module);
            }
        }
        // java.base also holds the marker plugin code calls (BootDefiner)
        Set<Module> withSinks = new HashSet<>(Set.of(Object.class.getModule()));
        for (String owner : Sinks.owners()) {
            Module module = byPackage.get(owner.substring(0, owner.lastIndexOf('/')).replace('/', '.'));
            if (module != null) {
                withSinks.add(module);
            }
        }
        for (Module module : withSinks) {
            instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
        }
        instrumentation.addTransformer(new SinkTransformer(), true);
        List<Class<?>> loaded = new ArrayList<>();
        Set<String> owners = Sinks.owners();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (owners.contains(type.getName().replace('.', '/')) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        try {
            instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException impossible) {
            throw new IllegalStateException("a JDK class with sinks cannot be retransformed", impossible);
        }
        if (!(System.in instanceof StandardInput)) {
            System.setIn(new StandardInput(System.in));
        }
    }

    private static Optional<Class<?>> bootBridge() {
        try {
            return Optional.of(Class.forName(BRIDGE_CLASS, false, null));
        } catch (ClassNotFoundException absent) {
            return Optional.empty();
        }
    }
}
