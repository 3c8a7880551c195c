package io.prsm.sample.hostile;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;

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
 * Hostile fixture, level sandbox, for the run-time layer alone (the scan refuses its reflection at
 * install). It cannot import {@code org.osgi.framework}, so it loads {@code FrameworkUtil} through
 * the class loader of the {@link PluginConfig} it is handed and calls the framework's public
 * interface methods reflectively. One {@code target} per route, {@code route|argument}:
 * {@code context} (the runtime bundle's {@code BundleContext}), {@code stop} (the runtime's bundle),
 * {@code start-level} (the runtime bundle's start level set past the framework's),
 * {@code install|location} (with its own context, which it may get), {@code bundle-url|url} and
 * {@code bundle-content|url} (another bundle's entry read through a {@code bundle:} URL, by
 * {@code openStream} and by {@code getContent}); another bundle's classes read through what it
 * hands out: {@code loader-resource} (its class loader's {@code getResourceAsStream}),
 * {@code class-resource} ({@code Class.getResourceAsStream}), {@code bundle-entry} (a leaked
 * {@code Bundle}'s {@code getEntry}, opened), {@code revision-content} and {@code revision-stream}
 * (the framework's revision object, whose public methods hand out entries with no URL: Felix's
 * {@code getContent().getEntryAsBytes} and {@code getInputStream}, Equinox's
 * {@code getRevisionInfo().getBundleFile()} and its entry's bytes or stream). And what it may read: {@code own-resource} (its own
 * class file, through its own class; through its bundle's revision, {@code own-revision}, it is refused
 * as the others are: the framework's classes are not the plugin's to use by reflection) and {@code jdk-resource} (a JDK class file).
 */
@PrsmPlugin(id = "drives-the-framework", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class DrivesTheFrameworkPlugin implements Plugin {

    private volatile PluginConfig config;

    @Override
    public void initialize(PluginConfig config) {
        this.config = config;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        int bar = target.indexOf('|');
        try {
            return PluginResponse.success(attack(bar < 0 ? target : target.substring(0, bar),
                    bar < 0 ? "" : target.substring(bar + 1)));
        } catch (InvocationTargetException reflected) {
            throw new PluginException(reflected.getCause().toString(), reflected.getCause());
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    private String attack(String route, String argument) throws Exception {
        // the reads it may do need none of the framework's classes below
        if (route.equals("own-resource")) {
            return read(getClass().getResourceAsStream(getClass().getSimpleName() + ".class"));
        }
        if (route.equals("jdk-resource")) {
            return read(Object.class.getResourceAsStream("Object.class"));
        }
        ClassLoader platform = config.getClass().getClassLoader();
        Class<?> bundleType = Class.forName("org.osgi.framework.Bundle", false, platform);
        Class<?> contextType = Class.forName("org.osgi.framework.BundleContext", false, platform);
        Object runtime = bundleOf(config.getClass(), platform);
        switch (route) {
            case "context" -> {
                return "the runtime's context: " + bundleType.getMethod("getBundleContext").invoke(runtime);
            }
            case "stop" -> {
                bundleType.getMethod("stop").invoke(runtime);
                return "stopped the runtime's bundle";
            }
            case "start-level" -> {
                Class<?> startLevelType = Class.forName("org.osgi.framework.startlevel.BundleStartLevel", false, platform);
                Object startLevel = bundleType.getMethod("adapt", Class.class).invoke(runtime, startLevelType);
                startLevelType.getMethod("setStartLevel", int.class).invoke(startLevel, 1000);
                return "moved the runtime's bundle past the framework's start level";
            }
            case "install" -> {
                Object own = bundleType.getMethod("getBundleContext").invoke(bundleOf(getClass(), platform));
                return "installed " + contextType.getMethod("installBundle", String.class).invoke(own, argument);
            }
            case "bundle-url" -> {
                try (InputStream in = new URL(argument).openStream()) {
                    return "read " + in.readAllBytes().length + " bytes of " + argument;
                }
            }
            case "bundle-content" -> {
                return "read " + new URL(argument).getContent() + " from " + argument;
            }
            case "loader-resource" -> {
                return read(platform.getResourceAsStream(classFile(config.getClass())));
            }
            case "class-resource" -> {
                return read(config.getClass().getResourceAsStream(config.getClass().getSimpleName() + ".class"));
            }
            case "bundle-entry" -> {
                URL entry = (URL) bundleType.getMethod("getEntry", String.class).invoke(runtime,
                        classFile(config.getClass()));
                return read(entry.openStream());
            }
            case "revision-content" -> {
                return revisionBytes(runtime, bundleType, platform, classFile(config.getClass()));
            }
            case "revision-stream" -> {
                Object revision = revision(runtime, bundleType, platform);
                String path = classFile(config.getClass());
                try {
                    return read((InputStream) revision.getClass().getMethod("getInputStream", int.class, String.class)
                            .invoke(revision, 0, path));
                } catch (NoSuchMethodException notFelix) {
                    Object entry = equinoxEntry(revision, path);
                    return read((InputStream) entry.getClass().getMethod("getInputStream").invoke(entry));
                }
            }
            case "own-revision" -> {
                return revisionBytes(bundleOf(getClass(), platform), bundleType, platform, classFile(getClass()));
            }
            default -> throw new IllegalArgumentException("no route " + route);
        }
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static String read(InputStream in) throws Exception {
        if (in == null) {
            throw new IllegalStateException("no such resource");
        }
        try (in) {
            return "read " + in.readAllBytes().length + " bytes";
        }
    }

    private static Object revision(Object bundle, Class<?> bundleType, ClassLoader platform) throws Exception {
        Class<?> revisionType = Class.forName("org.osgi.framework.wiring.BundleRevision", false, platform);
        return bundleType.getMethod("adapt", Class.class).invoke(bundle, revisionType);
    }

    /** An entry's bytes from the framework's revision of {@code bundle}, as Felix or Equinox hands them out. */
    private static String revisionBytes(Object bundle, Class<?> bundleType, ClassLoader platform, String path)
            throws Exception {
        Object revision = revision(bundle, bundleType, platform);
        ClassLoader framework = revision.getClass().getClassLoader();
        try {
            Object content = revision.getClass().getMethod("getContent").invoke(revision);
            byte[] bytes = (byte[]) Class.forName("org.apache.felix.framework.cache.Content", false, framework)
                    .getMethod("getEntryAsBytes", String.class).invoke(content, path);
            return "read " + bytes.length + " bytes through Felix's revision";
        } catch (NoSuchMethodException notFelix) {
            Object entry = equinoxEntry(revision, path);
            byte[] bytes = (byte[]) Class.forName("org.eclipse.osgi.storage.bundlefile.BundleEntry", false, framework)
                    .getMethod("getBytes").invoke(entry);
            return "read " + bytes.length + " bytes through Equinox's generation";
        }
    }

    /** Equinox's entry {@code path} of the revision's bundle file, which hands out its bytes and streams. */
    private static Object equinoxEntry(Object revision, String path) throws Exception {
        Object generation = revision.getClass().getMethod("getRevisionInfo").invoke(revision);
        Object file = generation.getClass().getMethod("getBundleFile").invoke(generation);
        return Class.forName("org.eclipse.osgi.storage.bundlefile.BundleFile", false, revision.getClass().getClassLoader())
                .getMethod("getEntry", String.class).invoke(file, path);
    }

    private static Object bundleOf(Class<?> type, ClassLoader platform) throws Exception {
        return Class.forName("org.osgi.framework.FrameworkUtil", true, platform).getMethod("getBundle", Class.class)
                .invoke(null, type);
    }
}
