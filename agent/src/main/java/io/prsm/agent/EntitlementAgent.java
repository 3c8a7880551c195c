package io.prsm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * The entitlement agent. Loaded before {@code main} ({@code Launcher-Agent-Class} of prsm.jar,
 * {@code -javaagent:}) or into a running JVM ({@code Agent-Class}, self-attach), it
 * <ol>
 * <li>puts the bridge ({@code io.prsm.bridge}) on the boot class path, written to a temporary jar
 * from its own copy, so that {@code java.base} can call it;</li>
 * <li>lets each module with sinks read the bridge (a named module reads no unnamed one by
 * itself);</li>
 * <li>instruments the sinks of classes loaded from now on, and retransforms those already
 * loaded.</li>
 * </ol>
 * Loading it twice (prsm.jar started with {@code -javaagent} as well) installs it once. Until the
 * gatekeeper installs its checker, every sink acts unchecked.
 *
 * <p>Concurrent semantics: installation is synchronized; the JVM calls the entry points once each.
 */
public final class EntitlementAgent {

    static final String BRIDGE_CLASS = "io.prsm.bridge.Entitlements";
    private static final List<String> BRIDGE_FILES = List.of("io/prsm/bridge/Entitlements.class",
            "io/prsm/bridge/Entitlements$PlatformAct.class", "io/prsm/bridge/EntitlementChecker.class",
            "io/prsm/bridge/EntitlementDeniedException.class");

    private EntitlementAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws IOException {
        install(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) throws IOException {
        install(instrumentation);
    }

    /** Whether the bridge is on the boot class path, that is, an agent installed it in this JVM. */
    public static boolean installed() {
        return bootBridge().isPresent();
    }

    static synchronized void install(Instrumentation instrumentation) throws IOException {
        if (installed()) {
            return;
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(writeBridgeJar().toFile()));
        Module bridge = bootBridge().orElseThrow(() -> new IllegalStateException(
                "the bridge is not on the boot class path after appending it")).getModule();
        Set<Module> withSinks = new HashSet<>();
        for (String owner : Sinks.owners()) {
            String packageName = owner.substring(0, owner.lastIndexOf('/')).replace('/', '.');
            ModuleLayer.boot().modules().stream().filter(module -> module.getPackages().contains(packageName))
                    .findFirst().ifPresent(withSinks::add);
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
    }

    private static Optional<Class<?>> bootBridge() {
        try {
            return Optional.of(Class.forName(BRIDGE_CLASS, false, null));
        } catch (ClassNotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The bridge classes, copied from this agent's jar into a temporary jar the boot loader can open. */
    private static Path writeBridgeJar() throws IOException {
        Path jar = Files.createTempFile("prsm-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        ClassLoader own = EntitlementAgent.class.getClassLoader();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : BRIDGE_FILES) {
                try (InputStream in = own.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("The agent jar lacks " + name + "; rebuild it");
                    }
                    out.putNextEntry(new ZipEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
