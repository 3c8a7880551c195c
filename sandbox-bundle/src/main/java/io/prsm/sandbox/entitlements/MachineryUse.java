package io.prsm.sandbox.entitlements;

import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * The sinks the JDK's and the framework's machinery use for itself, and which of its classes
 * count: a lambda's hidden class defined while linking a call site, a proxy's opened constructor,
 * {@code java.util.logging} setting up its own loggers, a security provider filling its entries,
 * {@code ServiceLoader} reading provider files, the framework reading a bundle's entries to load
 * its classes. Such an act is the machinery's choice, not its caller's, so the plugins below it on
 * the stack do not count. Never a generic invoker: through those a plugin chooses the target.
 *
 * <p>Concurrent semantics: stateless apart from the attribution it asks (thread-safe).
 */
final class MachineryUse {

    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();
    /**
     * Sinks the JDK itself uses for plugin code: a lambda's or pattern switch's hidden class, a
     * proxy's or a service's opened constructor, an enum's values; and {@code java.util.logging}
     * setting up its loggers from its configuration, on whichever thread first logs.
     */
    private static final Set<String> JDK_INTERNAL_USE = Set.of("class.define", "reflection.private");
    /** A lambda class made while linking a call site (javac's invokedynamic, woven), not by a direct call. */
    private static final String LAMBDA_SINK = "class.define:lambda";
    private static final String LINKING = "java.lang.invoke.BootstrapMethodInvoker";
    /**
     * The JDK classes (outermost name) whose own calls to those sinks are theirs, not their caller's:
     * each opens or defines only what its machinery chose. Never a generic invoker
     * ({@code MethodHandle.invokeWithArguments}, {@code ConstantBootstraps}, {@code java.beans}
     * statements): through those a plugin chooses the target, so the walk decides.
     */
    private static final Set<String> JDK_MACHINERY = Set.of("java.lang.Class", "java.lang.reflect.Proxy",
            "java.lang.invoke.InnerClassLambdaMetafactory", "java.lang.invoke.MethodHandleProxies",
            "java.lang.invoke.StringConcatFactory", "java.lang.invoke.InvokerBytecodeGenerator",
            "java.lang.invoke.ClassSpecializer", "java.lang.runtime.SwitchBootstraps", "java.util.ServiceLoader",
            "java.util.ResourceBundle", "java.io.ObjectStreamClass", "jdk.internal.reflect.ReflectionFactory",
            "sun.reflect.annotation.AnnotationSupport", "sun.reflect.annotation.AnnotationInvocationHandler",
            "sun.reflect.misc.MethodUtil", "sun.nio.ch.Util", "sun.nio.ch.Reflect", "sun.nio.ch.DatagramChannelImpl",
            "java.net.HttpConnectSocketImpl",
            "jdk.internal.foreign.abi.BindingSpecializer");
    /** The bridge and the woven marker: no one but the platform opens or defines into them, whoever calls. */
    private static final String BRIDGE_PACKAGE = "io.prsm.bridge";
    private static final String MARKER = "java.lang.PrsmPluginCode";
    /** java.util.logging setting up its own loggers and handlers (a logger made on demand, a handler's defaults). */
    private static final List<String> LOGGER_SINKS = List.of("jvm.defaults:Logger.", "jvm.handler:",
            "jvm.defaults:LogManager.addLogger");
    /** java.util.logging's classes that act for their caller (the logging MXBean): never exempt. */
    private static final Set<String> LOGGING_FOR_CALLER = Set.of("java.util.logging.Logging",
            "java.util.logging.LoggingProxyImpl");
    private static final String FRAMEWORK_CONTENT = "framework.content";
    private static final String FELIX = "org.apache.felix.framework.";
    private static final String EQUINOX = "org.eclipse.osgi.";
    private static final String PROVIDER_SINKS = "jvm.defaults:Provider.";
    /** java.util.logging itself and the JDK's bridges from System.Logger to it. */
    private static final Set<String> LOGGING_PACKAGES = Set.of("java.util.logging", "jdk.internal.logger",
            "sun.util.logging.internal");

    private final StackAttribution attribution;

    MachineryUse(StackAttribution attribution) {
        this.attribution = attribution;
    }

    /**
     * Whether the act is the machinery's own: the JDK's or the framework's code doing what it
     * chose for its own purpose, whoever's frames are below it. Answers false for any act it does
     * not know, so the walk decides.
     */
    boolean ownUse(String sink, List<Act> wanted) {
        if (sink.equals(LAMBDA_SINK)) {
            return attribution.sinkCaller().filter(caller -> caller.getClassLoader() == null
                    && caller.getName().equals(LINKING)).isPresent();
        }
        if (JDK_INTERNAL_USE.contains(sink)) {
            return wanted.stream().noneMatch(MachineryUse::intoTheBridge) && attribution.sinkCaller()
                    .filter(caller -> caller.getClassLoader() == null || caller.getClassLoader() == PLATFORM_LOADER)
                    .filter(caller -> JDK_MACHINERY.contains(outermost(caller.getName()))).isPresent();
        }
        if (sink.equals("net.url") && wanted.get(0).operation() == Operation.BUNDLE_CONTENT) {
            // ServiceLoader reading the provider files (META-INF/services/<service>) a class loader listed
            return attribution.sinkCaller().filter(caller -> caller.getClassLoader() == null
                    && outermost(caller.getName()).equals("java.util.ServiceLoader")).isPresent();
        }
        if (sink.equals(FRAMEWORK_CONTENT)) {
            // the framework reading a bundle's entries for a URL it opens (checked there), a class, findEntries
            return attribution.sinkCaller().filter(MachineryUse::framework).isPresent();
        }
        if (sink.startsWith(PROVIDER_SINKS)) {
            // a JDK security provider filling its own entries as it is made (loaded lazily, on any thread)
            return attribution.sinkCaller().filter(caller -> caller.getClassLoader() == null
                    || caller.getClassLoader() == PLATFORM_LOADER).filter(java.security.Provider.class::isAssignableFrom)
                    .isPresent();
        }
        // java.util.logging configuring its own loggers; not a JDK API (java.beans, the MXBean) calling them for a plugin
        return loggerSink(sink) && attribution.sinkCaller()
                .filter(caller -> caller.getClassLoader() == null && LOGGING_PACKAGES.contains(caller.getPackageName()))
                .filter(caller -> !LOGGING_FOR_CALLER.contains(outermost(caller.getName()))).isPresent();
    }

    /** Whether {@code sink} is one java.util.logging uses for itself (asked on every check: it allocates nothing). */
    private static boolean loggerSink(String sink) {
        // each of them is a jvm.* sink: file and network acts, the frequent ones, are answered by the first test
        if (!sink.startsWith("jvm.")) {
            return false;
        }
        for (String prefix : LOGGER_SINKS) {
            if (sink.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean intoTheBridge(Act act) {
        String name = act.subject() instanceof Class<?> type ? type.getName() : act.target();
        return name.startsWith(BRIDGE_PACKAGE + ".") || name.startsWith(MARKER);
    }

    /**
     * Whether {@code caller} is the OSGi framework's own class (Felix or Equinox, in the loader that
     * has the framework's classes, never a bundle's): it reads content only as a framework API it
     * implements says, each of which is checked where it hands content out.
     */
    private static boolean framework(Class<?> caller) {
        String name = caller.getName();
        return (name.startsWith(FELIX) || name.startsWith(EQUINOX)) && !(caller.getClassLoader() instanceof BundleReference)
                && caller.getClassLoader() == Bundle.class.getClassLoader();
    }

    private static String outermost(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }
}
