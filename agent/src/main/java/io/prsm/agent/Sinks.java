package io.prsm.agent;

import static io.prsm.agent.Sink.NONE;
import static io.prsm.agent.Sink.THIS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDK methods where acts happen, and what each passes to the checker. Chosen at the lowest
 * Java (not native) method that every public route reaches, so one entry covers many APIs: every
 * {@code java.nio.file.Files} operation ends in the default provider, every {@code Socket} in
 * {@code NioSocketImpl}, every {@code Runtime.exec} in {@code ProcessBuilder.start}. A method a
 * JDK version lacks is simply not instrumented there ({@code readAttributesIfExists} is JDK 20+,
 * the FFM API JDK 22+).
 *
 * <p>Sink names say the operation; the gatekeeper maps them ({@code io.prsm.sandbox.entitlements}).
 *
 * <p>Concurrent semantics: immutable.
 */
public final class Sinks {

    /** A descriptor prefix every overload matches. */
    static final String ANY = "(";
    private static final List<Sink> ALL = build();
    private static final Map<String, List<Sink>> BY_OWNER = byOwner(ALL);

    private Sinks() {
    }

    public static List<Sink> all() {
        return ALL;
    }

    /** The sinks of the class {@code internalName}, empty if it has none. */
    public static List<Sink> of(String internalName) {
        return BY_OWNER.getOrDefault(internalName, List.of());
    }

    /** The internal names of the classes that have sinks. */
    public static Set<String> owners() {
        return BY_OWNER.keySet();
    }

    /* a plain loop: in premain each stream stage or lambda would spin a class in a cold JVM */
    private static Map<String, List<Sink>> byOwner(List<Sink> sinks) {
        Map<String, List<Sink>> byOwner = new HashMap<>();
        for (Sink sink : sinks) {
            List<Sink> ofOwner = new ArrayList<>(byOwner.getOrDefault(sink.owner(), List.of()));
            ofOwner.add(sink);
            byOwner.put(sink.owner(), List.copyOf(ofOwner));
        }
        return Map.copyOf(byOwner);
    }

    private static List<Sink> build() {
        List<Sink> sinks = new ArrayList<>();
        IoSinks.files(sinks);
        IoSinks.network(sinks);
        processAndJvm(sinks);
        threadsAndCode(sinks);
        defaults(sinks);
        terminal(sinks);
        framework(sinks);
        return List.copyOf(sinks);
    }

    private static void processAndJvm(List<Sink> s) {
        s.add(new Sink("java/lang/ProcessBuilder", "start", ANY, "process.start", THIS, NONE));
        s.add(new Sink("java/lang/ProcessBuilder", "environment", ANY, "env.read", NONE, NONE));
        // other processes of the host: signalling them, and reading what they run (command lines carry secrets)
        s.add(new Sink("java/lang/ProcessHandleImpl", "destroyProcess", ANY, "process.signal", THIS, NONE));
        s.add(new Sink("java/lang/ProcessHandleImpl", "info", "()", "process.info", THIS, NONE));
        s.add(new Sink("java/lang/Runtime", "exit", ANY, "jvm.exit:Runtime.exit", NONE, NONE));
        s.add(new Sink("java/lang/Runtime", "halt", ANY, "jvm.exit:Runtime.halt", NONE, NONE));
        s.add(new Sink("java/lang/Runtime", "addShutdownHook", ANY, "jvm.exit:Runtime.addShutdownHook", NONE, NONE));
        s.add(new Sink("java/lang/Runtime", "removeShutdownHook", ANY, "jvm.exit:Runtime.removeShutdownHook", NONE,
                NONE));
        s.add(new Sink("java/lang/Runtime", "load0", ANY, "native.load", 1, NONE));
        s.add(new Sink("java/lang/Runtime", "loadLibrary0", ANY, "native.load", 1, NONE));
        s.add(new Sink("java/lang/System", "getenv", ANY, "env.read", NONE, NONE));
        s.add(new Sink("java/lang/System", "getProperties", ANY, "property.read_all", NONE, NONE));
        s.add(new Sink("java/lang/System", "getProperty", "(Ljava/lang/String;", "property.read", 0, NONE));
        s.add(new Sink("java/lang/System", "setProperties", ANY, "property.write", NONE, NONE));
        s.add(new Sink("java/lang/System", "setProperty", ANY, "property.write", 0, NONE));
        s.add(new Sink("java/lang/System", "clearProperty", ANY, "property.write", 0, NONE));
        // a full collection stops every thread of the JVM: Runtime.gc is native, so untrusted code's calls of it
        // are woven to System.gc (the gatekeeper's JdkThreadCode); MemoryImpl is the MemoryMXBean's
        s.add(new Sink("java/lang/System", "gc", "()", "jvm.gc:System.gc", NONE, NONE));
        s.add(new Sink("sun/management/MemoryImpl", "gc", "()", "jvm.gc:MemoryMXBean.gc", NONE, NONE));
        // direct memory, by every route (allocateDirect, a library's, NIO's temporary buffers): reserved before any is
        // allocated, and the made buffer handed to its cleaner on the same thread, which says when it is released
        s.add(new Sink("java/nio/Bits", "reserveMemory", "(JJ)", "memory.direct", 0, NONE));
        // a mapped file's pages are memory of the process too, not counted by Bits: charged by the mapped size
        s.add(new Sink("sun/nio/ch/FileChannelImpl", "mapInternal", "(Ljava/nio/channels/FileChannel$MapMode;JJIZ)",
                "memory.mapped", 2, NONE));
        s.add(new Sink("jdk/internal/ref/Cleaner", "create", "(Ljava/lang/Object;Ljava/lang/Runnable;)", "memory.held", 0, 1));
        // a native sink cannot carry a check: reached by reflection or a method handle (not woven), the member
        // is checked where it is invoked reflectively or made a handle (Entitlements.checkMember knows which)
        s.add(new Sink("java/lang/reflect/Method", "invoke", ANY, Sink.MEMBER, THIS, NONE));
        // on JDK 17 a constructor and a field are reached by reflection without a method handle
        s.add(new Sink("java/lang/reflect/Constructor", "newInstance", ANY, Sink.MEMBER, THIS, NONE));
        for (String kind : List.of("", "Boolean", "Byte", "Char", "Short", "Int", "Long", "Float", "Double")) {
            s.add(new Sink("java/lang/reflect/Field", "get" + kind, ANY, Sink.MEMBER, THIS, NONE));
            s.add(new Sink("java/lang/reflect/Field", "set" + kind, ANY, Sink.MEMBER, THIS, NONE));
        }
        s.add(new Sink("java/lang/invoke/DirectMethodHandle", "make",
                "(BLjava/lang/Class;Ljava/lang/invoke/MemberName;Ljava/lang/Class;)", Sink.MEMBER, 2, NONE));
        // a constructor's handle (findConstructor, unreflectConstructor) is made here instead (JDK 17; 21 and later)
        s.add(new Sink("java/lang/invoke/DirectMethodHandle", "makeAllocator", "(Ljava/lang/invoke/MemberName;)",
                Sink.MEMBER, 0, NONE));
        s.add(new Sink("java/lang/invoke/DirectMethodHandle", "makeAllocator",
                "(Ljava/lang/Class;Ljava/lang/invoke/MemberName;)", Sink.MEMBER, 1, NONE));
        // a field's var handle (findVarHandle, findStaticVarHandle, unreflectVarHandle) is no direct method handle
        s.add(new Sink("java/lang/invoke/VarHandles", "makeFieldHandle", "(Ljava/lang/invoke/MemberName;", Sink.MEMBER, 0,
                NONE));
        s.add(new Sink("java/lang/foreign/Linker", "nativeLinker", ANY, "native.ffm", NONE, NONE));
        s.add(new Sink("java/lang/foreign/SymbolLookup", "libraryLookup", ANY, "native.load", 0, NONE));
        s.add(new Sink("jdk/incubator/foreign/CLinker", "getInstance", ANY, "native.ffm", NONE, NONE));
        for (String management : List.of("getPlatformMBeanServer", "getRuntimeMXBean", "getThreadMXBean",
                "getMemoryMXBean", "getOperatingSystemMXBean", "getPlatformMXBean", "getPlatformMXBeans",
                "getMemoryPoolMXBeans", "getGarbageCollectorMXBeans", "getClassLoadingMXBean", "getCompilationMXBean",
                "newPlatformMXBeanProxy")) {
            s.add(new Sink("java/lang/management/ManagementFactory", management, ANY,
                    "jvm.management:ManagementFactory." + management, NONE, NONE));
        }
        for (String server : List.of("createMBeanServer", "newMBeanServer", "findMBeanServer")) {
            s.add(new Sink("javax/management/MBeanServerFactory", server, ANY,
                    "jvm.management:MBeanServerFactory." + server, NONE, NONE));
        }
    }

    private static void threadsAndCode(List<Sink> s) {
        s.add(new Sink("java/lang/Thread", "start", "()", "thread.start", THIS, NONE));
        s.add(new Sink("java/lang/VirtualThread", "start", ANY, "thread.start", THIS, NONE));
        for (String manage : List.of("interrupt", "setPriority", "setName", "setDaemon", "setUncaughtExceptionHandler",
                "setContextClassLoader", "stop", "suspend", "resume")) {
            s.add(new Sink("java/lang/Thread", manage, ANY, "thread.manage:" + manage, THIS, NONE));
        }
        // another thread's stack names the platform's and other plugins' classes and what they are doing
        s.add(new Sink("java/lang/Thread", "getStackTrace", "()", "thread.manage:getStackTrace", THIS, NONE));
        s.add(new Sink("java/lang/Thread", "getAllStackTraces", "()", "jvm.management:Thread.getAllStackTraces", NONE,
                NONE));
        s.add(new Sink("java/lang/ClassLoader", "<init>", ANY, "classloader.create", THIS, NONE));
        for (String define : List.of("defineClass", "defineHiddenClass", "defineHiddenClassWithClassData")) {
            s.add(new Sink("java/lang/invoke/MethodHandles$Lookup", define, ANY, "class.define", THIS, NONE));
        }
        // called directly (not linking an invokedynamic), it spins a lambda class the weaving never sees
        for (String factory : List.of("metafactory", "altMetafactory")) {
            s.add(new Sink("java/lang/invoke/LambdaMetafactory", factory, ANY, "class.define:lambda", 0, NONE));
        }
        s.add(new Sink("java/lang/invoke/MethodHandles", "privateLookupIn", ANY, "reflection.private", 0, NONE));
        s.add(new Sink("java/lang/invoke/MethodHandleProxies", "asInterfaceInstance", ANY, "reflection.proxy", 0,
                NONE));
        s.add(new Sink("java/beans/EventHandler", "create", ANY, "reflection.proxy", 0, NONE));
        // its public constructor makes the same invoker without create: a proxy over it calls any method by name
        s.add(new Sink("java/beans/EventHandler", "<init>", ANY, "reflection.proxy", 0, NONE));
        for (String member : List.of("java/lang/reflect/Field", "java/lang/reflect/Method",
                "java/lang/reflect/Constructor")) {
            s.add(new Sink(member, "setAccessible", "(Z)", "reflection.private", THIS, 0));
        }
        s.add(new Sink("java/lang/reflect/AccessibleObject", "trySetAccessible", ANY, "reflection.private", THIS,
                NONE));
        s.add(new Sink("java/lang/reflect/AccessibleObject", "setAccessible", "([Ljava/lang/reflect/AccessibleObject;Z)",
                "reflection.private", 0, 1));
    }

    /**
     * The operator's terminal. {@code System.in} itself is guarded by {@link StandardInput}, which
     * the agent puts in its place; these are the other ways to the same descriptor.
     */
    private static void terminal(List<Sink> s) {
        s.add(new Sink("java/lang/System", "console", ANY, "terminal.console", NONE, NONE));
        s.add(new Sink("java/lang/System", "inheritedChannel", ANY, "terminal.channel", NONE, NONE));
        // a stream over a descriptor: an act only when it is the JVM's standard input
        s.add(new Sink("java/io/FileInputStream", "<init>", "(Ljava/io/FileDescriptor;)", "terminal.descriptor", 0,
                NONE));
    }

    /**
     * What the OSGi framework does for whoever calls it: the public entry points of Felix and
     * Equinox that change which bundles run or hand out a bundle's context. The JDK's sinks cannot
     * see these acts (the framework installs and stops bundles with its own code), and a plugin
     * that may reflect reaches them through any platform object it is handed.
     */
    private static void framework(List<Sink> s) {
        for (String bundle : List.of("org/apache/felix/framework/BundleImpl", "org/apache/felix/framework/Felix",
                "org/eclipse/osgi/internal/framework/EquinoxBundle",
                "org/eclipse/osgi/internal/framework/EquinoxBundle$SystemBundle")) {
            for (String act : List.of("start", "stop", "update", "uninstall", "init")) {
                s.add(new Sink(bundle, act, ANY, "framework.bundle:" + act, THIS, NONE));
            }
            s.add(new Sink(bundle, "getBundleContext", "()", "framework.context", THIS, NONE));
        }
        // a bundle's entries handed out by the framework's revision objects, with no URL to check at openConnection
        s.add(new Sink("org/apache/felix/framework/BundleRevisionImpl", "getContent", "()", "framework.content", THIS,
                NONE));
        s.add(new Sink("org/apache/felix/framework/BundleRevisionImpl", "getInputStream", ANY, "framework.content",
                THIS, NONE));
        s.add(new Sink("org/eclipse/osgi/storage/BundleInfo$Generation", "getBundleFile", "()", "framework.content",
                THIS, NONE));
        for (String context : List.of("org/apache/felix/framework/BundleContextImpl",
                "org/eclipse/osgi/internal/framework/BundleContextImpl")) {
            s.add(new Sink(context, "installBundle", ANY, "framework.install", 0, NONE));
        }
        for (String[] startLevel : new String[][] { { "org/apache/felix/framework/FrameworkStartLevelImpl", "setStartLevel" },
                { "org/apache/felix/framework/FrameworkStartLevelImpl", "setInitialBundleStartLevel" },
                { "org/apache/felix/framework/FrameworkStartLevelImpl$BundleStartLevelImpl", "setStartLevel" },
                { "org/apache/felix/framework/StartLevelImpl", "setStartLevel" },
                { "org/apache/felix/framework/StartLevelImpl", "setBundleStartLevel" },
                { "org/apache/felix/framework/StartLevelImpl", "setInitialBundleStartLevel" },
                { "org/apache/felix/framework/FrameworkWiringImpl", "refreshBundles" },
                { "org/eclipse/osgi/container/ModuleContainer$ContainerStartLevel", "setStartLevel" },
                { "org/eclipse/osgi/container/ModuleContainer$ContainerStartLevel", "setInitialBundleStartLevel" },
                { "org/eclipse/osgi/container/Module", "setStartLevel" },
                { "org/eclipse/osgi/internal/framework/legacy/StartLevelImpl", "setStartLevel" },
                { "org/eclipse/osgi/internal/framework/legacy/StartLevelImpl", "setBundleStartLevel" },
                { "org/eclipse/osgi/internal/framework/legacy/StartLevelImpl", "setInitialBundleStartLevel" },
                { "org/eclipse/osgi/container/ModuleContainer$ContainerWiring", "refreshBundles" } }) {
            String simpleName = startLevel[0].substring(startLevel[0].lastIndexOf('/') + 1);
            s.add(new Sink(startLevel[0], startLevel[1], ANY, "framework.levels:" + simpleName + "." + startLevel[1],
                    NONE, NONE));
        }
    }

    private static void defaults(List<Sink> s) {
        for (String[] factory : new String[][] { { "java/util/Locale", "setDefault" },
                { "java/util/TimeZone", "setDefault" }, { "java/lang/Thread", "setDefaultUncaughtExceptionHandler" },
                { "java/lang/System", "setIn" }, { "java/lang/System", "setOut" }, { "java/lang/System", "setErr" },
                { "java/util/logging/LogManager", "readConfiguration" },
                { "java/util/logging/LogManager", "updateConfiguration" }, { "java/util/logging/LogManager", "reset" },
                { "java/util/logging/LogManager", "addConfigurationListener" },
                { "jdk/internal/misc/Signal", "handle" }, { "java/net/URL", "setURLStreamHandlerFactory" },
                { "java/net/URLConnection", "setContentHandlerFactory" },
                { "java/net/URLConnection", "setFileNameMap" },
                { "java/net/URLConnection", "setDefaultUseCaches" },
                { "java/net/HttpURLConnection", "setFollowRedirects" },
                { "java/net/Socket", "setSocketImplFactory" }, { "java/net/ServerSocket", "setSocketFactory" },
                { "java/net/ProxySelector", "setDefault" }, { "java/net/CookieHandler", "setDefault" },
                { "java/net/ResponseCache", "setDefault" }, { "java/net/Authenticator", "setDefault" },
                { "javax/net/ssl/HttpsURLConnection", "setDefaultSSLSocketFactory" },
                { "javax/net/ssl/HttpsURLConnection", "setDefaultHostnameVerifier" },
                { "javax/net/ssl/SSLContext", "setDefault" }, { "java/security/Security", "setProperty" },
                { "java/security/Security", "addProvider" }, { "java/security/Security", "insertProviderAt" },
                { "java/security/Security", "removeProvider" }, { "java/sql/DriverManager", "setLogWriter" },
                { "java/sql/DriverManager", "setLogStream" }, { "java/sql/DriverManager", "setLoginTimeout" },
                { "java/lang/System", "setSecurityManager" }, { "java/security/Policy", "setPolicy" },
                { "java/rmi/server/RMISocketFactory", "setSocketFactory" },
                { "java/rmi/server/RMISocketFactory", "setFailureHandler" },
                { "java/net/URLConnection", "setDefaultAllowUserInteraction" },
                { "java/net/URLConnection", "setDefaultRequestProperty" },
                { "java/lang/ClassLoader", "setDefaultAssertionStatus" },
                { "java/lang/ClassLoader", "setPackageAssertionStatus" },
                { "java/lang/ClassLoader", "setClassAssertionStatus" },
                { "java/lang/ClassLoader", "clearAssertionStatus" },
                { "java/beans/Introspector", "setBeanInfoSearchPath" },
                { "java/beans/PropertyEditorManager", "setEditorSearchPath" },
                { "java/beans/PropertyEditorManager", "registerEditor" },
                { "java/lang/ThreadGroup", "setMaxPriority" }, { "java/lang/ThreadGroup", "setDaemon" },
                { "java/lang/ThreadGroup", "interrupt" }, { "java/lang/ThreadGroup", "stop" },
                { "java/lang/ThreadGroup", "suspend" }, { "java/lang/ThreadGroup", "resume" },
                // java.util.logging's loggers are the JVM's: a level or handler set on one (the root, the
                // JDK's own) changes what every component logs, or hands their records to the plugin
                { "java/util/logging/Logger", "setLevel" }, { "java/util/logging/Logger", "addHandler" },
                { "java/util/logging/Logger", "removeHandler" }, { "java/util/logging/Logger", "setFilter" },
                { "java/util/logging/Logger", "setParent" },
                { "java/util/logging/Logger", "setUseParentHandlers" },
                { "java/util/logging/Logger", "setResourceBundle" },
                // found by an attacker: more of the JVM's shared state a plugin could set for everyone
                { "java/util/logging/LogManager", "addLogger" }, { "java/time/zone/ZoneRulesProvider", "registerProvider" },
                { "java/net/DatagramSocket", "setDatagramSocketImplFactory" },
                { "java/beans/Beans", "setDesignTime" }, { "java/beans/Beans", "setGuiAvailable" },
                { "java/rmi/server/LogStream", "setDefaultStream" }, { "java/rmi/server/RemoteServer", "setLog" },
                { "java/sql/DriverManager", "registerDriver" },
                { "java/sql/DriverManager", "deregisterDriver" },
                // set once for the JVM's life: every InitialContext and JNDI object, every JAAS login after it
                { "javax/naming/spi/NamingManager", "setInitialContextFactoryBuilder" },
                { "javax/naming/spi/NamingManager", "setObjectFactoryBuilder" },
                { "javax/security/auth/login/Configuration", "setConfiguration" } }) {
            String simpleName = factory[0].substring(factory[0].lastIndexOf('/') + 1);
            s.add(new Sink(factory[0], factory[1], ANY, "jvm.defaults:" + simpleName + "." + factory[1], NONE, NONE));
        }
        // an installed security provider is every component's: its entries are changed through Properties' methods
        for (String change : List.of("put", "putAll", "putIfAbsent", "remove", "replace", "replaceAll", "clear",
                "compute", "computeIfAbsent", "computeIfPresent", "merge", "load")) {
            s.add(new Sink("java/security/Provider", change, ANY, "jvm.defaults:Provider." + change, NONE, NONE));
        }
        // the JDK's own handlers (the root logger's console) are every component's; the target says whose it is
        for (String change : List.of("setLevel", "setFormatter", "setFilter", "setEncoding", "setErrorManager")) {
            s.add(new Sink("java/util/logging/Handler", change, ANY, "jvm.handler:Handler." + change, THIS, NONE));
        }
    }
}
