package io.prsm.sandbox.bytecode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.prsm.api.SecurityLevel;

/**
 * What the dangerous APIs would give a plugin, per level: the explanation a refusal carries. The
 * rule itself is the {@link AllowList} (whatever it does not allow is refused); this table only
 * says why the best-known refusals matter: the file system, the network, processes, exiting the
 * JVM, the environment and system properties, native code, reflection and method handles, class
 * loaders, JDK internals, {@code ServiceLoader}, JVM-wide defaults, logging configuration,
 * JavaBeans, Java deserialization, the framework's hooks, wiring, launch and Configuration Admin
 * APIs, instantiating classes by name through Jackson, and at {@code isolated} creating threads.
 *
 * <p>Concurrent semantics: immutable.
 */
public final class DenyList {

    private static final Set<SecurityLevel> UNTRUSTED = EnumSet.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED);
    private static final Set<SecurityLevel> ISOLATED = EnumSet.of(SecurityLevel.ISOLATED);

    private final List<DenyRule> rules;
    /**
     * The rules of each level, indexed: the scan asks once per reference, so no list walk, no
     * level check per rule and no search for a rule's position.
     */
    private final Map<SecurityLevel, LevelRules> byLevel;

    /** One rule with its position in the list, which decides which of two matching rules is reported. */
    private record Ranked(DenyRule rule, int rank) {
    }

    /** The rules of one level: those naming one class, by class; those naming a package prefix, in order. */
    private record LevelRules(Map<String, Ranked[]> byOwner, Ranked[] byPrefix) {
    }

    private DenyList(List<DenyRule> rules) {
        this.rules = List.copyOf(rules);
        Map<SecurityLevel, LevelRules> levels = new EnumMap<>(SecurityLevel.class);
        for (SecurityLevel level : SecurityLevel.values()) {
            Map<String, List<Ranked>> owners = new HashMap<>();
            List<Ranked> prefixes = new ArrayList<>();
            for (int rank = 0; rank < this.rules.size(); rank++) {
                DenyRule rule = this.rules.get(rank);
                if (!rule.levels().contains(level)) {
                    continue;
                }
                if (rule.owner().endsWith("/")) {
                    prefixes.add(new Ranked(rule, rank));
                } else {
                    owners.computeIfAbsent(rule.owner(), owner -> new ArrayList<>()).add(new Ranked(rule, rank));
                }
            }
            Map<String, Ranked[]> byOwner = new HashMap<>();
            owners.forEach((owner, ranked) -> byOwner.put(owner, ranked.toArray(new Ranked[0])));
            levels.put(level, new LevelRules(Map.copyOf(byOwner), prefixes.toArray(new Ranked[0])));
        }
        this.byLevel = levels;
    }

    public List<DenyRule> rules() {
        return rules;
    }

    /** The rule that forbids {@code member} of {@code owner} at {@code level}, if any. */
    public Optional<DenyRule> match(String owner, String member, SecurityLevel level) {
        LevelRules forLevel = byLevel.get(level);
        // the first matching rule in the list's order wins, as its reason is the one reported
        Ranked first = null;
        Ranked[] forOwner = forLevel.byOwner().get(owner);
        if (forOwner != null) {
            for (Ranked ranked : forOwner) {
                if (ranked.rule().matches(owner, member)) {
                    first = ranked;
                    break;
                }
            }
        }
        for (Ranked ranked : forLevel.byPrefix()) {
            if (first != null && ranked.rank() > first.rank()) {
                break;
            }
            if (ranked.rule().matches(owner, member)) {
                first = ranked;
                break;
            }
        }
        return first == null ? Optional.empty() : Optional.of(first.rule());
    }

    /** The rules of the plugin contract (see docs/security.md). */
    public static DenyList standard() {
        List<DenyRule> rules = new ArrayList<>();
        String files = "file system access";
        for (String type : List.of("java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream",
                "java/io/FileReader", "java/io/FileWriter", "java/io/RandomAccessFile", "java/io/FileDescriptor",
                "java/nio/file/", "java/nio/channels/FileChannel", "java/nio/channels/AsynchronousFileChannel")) {
            rules.add(new DenyRule(type, Set.of(), files, UNTRUSTED));
        }
        String network = "network access";
        for (String type : List.of("java/net/Socket", "java/net/ServerSocket", "java/net/DatagramSocket",
                "java/net/MulticastSocket", "java/net/URLConnection", "java/net/HttpURLConnection",
                "java/net/JarURLConnection", "java/net/http/", "java/nio/channels/SocketChannel",
                "java/nio/channels/ServerSocketChannel", "java/nio/channels/DatagramChannel",
                "java/nio/channels/AsynchronousSocketChannel", "java/nio/channels/AsynchronousServerSocketChannel")) {
            rules.add(new DenyRule(type, Set.of(), network, UNTRUSTED));
        }
        rules.add(new DenyRule("java/net/URL", Set.of("openConnection", "openStream", "getContent"), network, UNTRUSTED));
        rules.add(new DenyRule("java/net/InetAddress", Set.of("getByName", "getAllByName", "getLocalHost"),
                "network name resolution", UNTRUSTED));
        String processes = "starting processes";
        rules.add(new DenyRule("java/lang/ProcessBuilder", Set.of(), processes, UNTRUSTED));
        rules.add(new DenyRule("java/lang/ProcessHandle", Set.of(), processes, UNTRUSTED));
        rules.add(new DenyRule("java/lang/Process", Set.of(), processes, UNTRUSTED));
        rules.add(new DenyRule("java/lang/Runtime", Set.of("exec"), processes, UNTRUSTED));
        rules.add(new DenyRule("java/lang/System", Set.of("exit"), "stopping the JVM", UNTRUSTED));
        rules.add(new DenyRule("java/lang/Runtime", Set.of("exit", "halt", "addShutdownHook", "removeShutdownHook"),
                "stopping the JVM", UNTRUSTED));
        rules.add(new DenyRule("java/lang/System", Set.of("getenv"), "reading the environment", UNTRUSTED));
        rules.add(new DenyRule("java/lang/System", Set.of("setProperty", "getProperty", "getProperties",
                "setProperties", "clearProperty"), "reading or changing system properties", UNTRUSTED));
        rules.add(new DenyRule("java/lang/Integer", Set.of("getInteger"), "reading system properties", UNTRUSTED));
        rules.add(new DenyRule("java/lang/Long", Set.of("getLong"), "reading system properties", UNTRUSTED));
        rules.add(new DenyRule("java/lang/Boolean", Set.of("getBoolean"), "reading system properties", UNTRUSTED));
        String jvmWide = "changing a JVM-wide default";
        rules.add(new DenyRule("java/util/Locale", Set.of("setDefault"), jvmWide, UNTRUSTED));
        rules.add(new DenyRule("java/util/TimeZone", Set.of("setDefault"), jvmWide, UNTRUSTED));
        rules.add(new DenyRule("java/lang/Thread", Set.of("setDefaultUncaughtExceptionHandler",
                "setUncaughtExceptionHandler", "setName", "setPriority"), "changing the settings of threads "
                        + "the plugin does not own", UNTRUSTED));
        rules.add(new DenyRule("java/util/logging/", Set.of(), "configuring the JVM's logging", UNTRUSTED));
        rules.add(new DenyRule("java/beans/", Set.of(), "JavaBeans introspection, which reaches any class's members "
                + "by name", UNTRUSTED));
        rules.add(new DenyRule("java/util/ResourceBundle", Set.of(), "loading classes by name", UNTRUSTED));
        rules.add(new DenyRule("java/lang/Class", Set.of("getResourceAsStream", "getResource"), "reading resources "
                + "through the loader of a class not the plugin's own", UNTRUSTED));
        String byName = "making objects of classes named by the input (Jackson)";
        rules.add(new DenyRule("com/fasterxml/jackson/databind/ObjectMapper", Set.of("activateDefaultTyping*",
                "enableDefaultTyping*", "setDefaultTyping", "findAndRegisterModules", "findModules"), byName,
                UNTRUSTED));
        // jackson-core is one bundle shared by everyone: its defaults are every plugin's and the runtime's
        String jacksonDefaults = "changing Jackson's process-wide defaults, which every plugin shares";
        rules.add(new DenyRule("com/fasterxml/jackson/core/StreamReadConstraints", Set.of("overrideDefault*"),
                jacksonDefaults, UNTRUSTED));
        rules.add(new DenyRule("com/fasterxml/jackson/core/StreamWriteConstraints", Set.of("overrideDefault*"),
                jacksonDefaults, UNTRUSTED));
        rules.add(new DenyRule("com/fasterxml/jackson/core/ErrorReportConfiguration", Set.of("overrideDefault*"),
                jacksonDefaults, UNTRUSTED));
        rules.add(new DenyRule("com/fasterxml/jackson/databind/type/TypeFactory", Set.of("constructFromCanonical",
                "findClass"), "loading classes by name", UNTRUSTED));
        rules.add(new DenyRule("java/lang/System", Set.of("setIn", "setOut", "setErr", "setSecurityManager"),
                "replacing the JVM's standard streams or security manager", UNTRUSTED));
        rules.add(new DenyRule("java/lang/System", Set.of("in", "out", "err"), "the JVM's standard streams, which "
                + "a plugin could close or flood for everyone", UNTRUSTED));
        String nativeCode = "loading native code";
        rules.add(new DenyRule("java/lang/System", Set.of("load", "loadLibrary"), nativeCode, UNTRUSTED));
        rules.add(new DenyRule("java/lang/Runtime", Set.of("load", "loadLibrary"), nativeCode, UNTRUSTED));
        rules.add(new DenyRule("java/lang/foreign/", Set.of(), nativeCode, UNTRUSTED));
        String reflection = "reflection into other classes' members";
        for (String type : List.of("java/lang/reflect/AccessibleObject", "java/lang/reflect/Field",
                "java/lang/reflect/Method", "java/lang/reflect/Constructor", "java/lang/reflect/Executable",
                "java/lang/reflect/Proxy")) {
            rules.add(new DenyRule(type, Set.of(), reflection, UNTRUSTED));
        }
        rules.add(new DenyRule("java/lang/Class", Set.of("forName", "getDeclaredField", "getDeclaredFields",
                "getDeclaredMethod", "getDeclaredMethods", "getDeclaredConstructor", "getDeclaredConstructors",
                "getField", "getFields", "getMethod", "getMethods", "getConstructor", "getConstructors", "newInstance",
                "getClassLoader", "getProtectionDomain", "getEnclosingMethod", "getEnclosingConstructor"),
                reflection, UNTRUSTED));
        rules.add(new DenyRule("java/lang/invoke/MethodHandles", Set.of("privateLookupIn", "reflectAs"), reflection,
                UNTRUSTED));
        rules.add(new DenyRule("java/lang/invoke/MethodHandles$Lookup", Set.of("findStatic", "findVirtual",
                "findSpecial", "findConstructor", "findGetter", "findSetter", "findStaticGetter", "findStaticSetter",
                "findVarHandle", "findStaticVarHandle", "findClass", "unreflect", "unreflectConstructor",
                "unreflectGetter", "unreflectSetter", "unreflectSpecial", "unreflectVarHandle", "in", "accessClass",
                "ensureInitialized", "dropLookupMode"), reflection, UNTRUSTED));
        String classLoaders = "defining classes or using class loaders";
        rules.add(new DenyRule("java/lang/ClassLoader", Set.of(), classLoaders, UNTRUSTED));
        rules.add(new DenyRule("java/net/URLClassLoader", Set.of(), classLoaders, UNTRUSTED));
        rules.add(new DenyRule("java/security/SecureClassLoader", Set.of(), classLoaders, UNTRUSTED));
        rules.add(new DenyRule("java/lang/invoke/MethodHandles$Lookup", Set.of("defineClass", "defineHiddenClass",
                "defineHiddenClassWithClassData"), classLoaders, UNTRUSTED));
        rules.add(new DenyRule("java/lang/Thread", Set.of("getContextClassLoader", "setContextClassLoader"),
                classLoaders, UNTRUSTED));
        String internals = "JDK internals";
        for (String prefix : List.of("sun/", "jdk/internal/", "com/sun/")) {
            rules.add(new DenyRule(prefix, Set.of(), internals, UNTRUSTED));
        }
        rules.add(new DenyRule("java/util/ServiceLoader", Set.of(), "loading services behind the framework's back",
                UNTRUSTED));
        String framework = "framework internals that only the platform may use";
        for (String prefix : List.of("org/osgi/framework/hooks/", "org/osgi/framework/launch/",
                "org/osgi/framework/wiring/", "org/osgi/service/cm/")) {
            rules.add(new DenyRule(prefix, Set.of(), framework, UNTRUSTED));
        }
        rules.add(new DenyRule("org/osgi/framework/BundleContext", Set.of("installBundle"), "installing bundles",
                UNTRUSTED));
        rules.add(new DenyRule("org/osgi/framework/Bundle", Set.of("start", "stop", "update", "uninstall"),
                "controlling bundles", UNTRUSTED));
        rules.add(new DenyRule("java/io/ObjectInputStream", Set.of(), "Java deserialization", UNTRUSTED));
        String threads = "creating threads";
        rules.add(new DenyRule("java/lang/Thread", Set.of("<init>", "<extends>", "start", "startVirtualThread",
                "ofPlatform", "ofVirtual"), threads, ISOLATED));
        for (String type : List.of("java/lang/ThreadGroup", "java/util/concurrent/Executors",
                "java/util/concurrent/ThreadPoolExecutor", "java/util/concurrent/ScheduledThreadPoolExecutor",
                "java/util/concurrent/ForkJoinPool", "java/util/Timer")) {
            rules.add(new DenyRule(type, Set.of(), threads, ISOLATED));
        }
        rules.add(new DenyRule("java/util/concurrent/CompletableFuture", Set.of("*Async"), threads, ISOLATED));
        rules.add(new DenyRule("java/util/", Set.of("parallelStream"), threads, ISOLATED));
        rules.add(new DenyRule("java/util/stream/", Set.of("parallel"), threads, ISOLATED));
        // the broad ones last: a rule naming the member says better why it matters
        rules.add(new DenyRule("java/lang/invoke/", Set.of(), "method handles beyond what javac emits", UNTRUSTED));
        rules.add(new DenyRule("java/lang/reflect/", Set.of(), "reflection into other classes' members",
                UNTRUSTED));
        return new DenyList(rules);
    }
}
