package io.prsm.sandbox.entitlements;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;

/**
 * The rules of the run-time layer, in the style of Elasticsearch's entitlements: a {@code sandbox}
 * plugin may read and write its own data folder, an {@code isolated} one nothing; both may read
 * the JDK's own files (class initialisers read them for whoever triggered them) and the system's
 * random source; beyond that only what the plugin declares and the policy grants. Processes,
 * exit, the environment, sensitive system properties, native code, class loaders, JVM-wide
 * defaults, the MBean server, reflection into others, the operator's terminal, other bundles'
 * content and contexts, and the framework's acts on bundles are never granted below trusted.
 *
 * <p>Concurrent semantics: thread-safe; the rules are fixed at construction, and the only state is
 * the data folders worked out so far (a plugin's is asked at every file act it does) and the names
 * briefly known to be no link ({@link LinkFreeNames}).
 */
public final class EntitlementRules {

    private static final List<Path> READABLE_BY_ALL = List.of(Path.of("/dev/urandom"), Path.of("/dev/random"));
    private static final int REMEMBERED = 10_000;
    /** The JDK's classes of virtual threads: mounted on carriers, or bound to a platform thread where it cannot. */
    private static final java.util.Set<String> VIRTUAL_THREADS = java.util.Set.of("java.lang.VirtualThread",
            "java.lang.ThreadBuilders$BoundVirtualThread");

    private final Path pluginsRoot;
    private final Path javaHome;
    private final Map<String, Path> dataFolders = new ConcurrentHashMap<>();
    private final LinkFreeNames linkFree;

    /**
     * @param pluginsRoot the folder holding {@code <plugin id>/data}
     * @param javaHome the JDK's installation, readable by every plugin
     */
    public EntitlementRules(Path pluginsRoot, Path javaHome) {
        this(pluginsRoot, javaHome, new LinkFreeNames());
    }

    EntitlementRules(Path pluginsRoot, Path javaHome, LinkFreeNames linkFree) {
        this.pluginsRoot = pluginsRoot.toAbsolutePath().normalize();
        this.javaHome = javaHome.toAbsolutePath().normalize();
        this.linkFree = linkFree;
    }

    /** The data folder of plugin {@code pluginId}. */
    public Path dataFolder(String pluginId) {
        Path known = dataFolders.get(pluginId);
        if (known == null) {
            if (dataFolders.size() >= REMEMBERED) {
                dataFolders.clear();
            }
            known = pluginsRoot.resolve(pluginId).resolve("data");
            dataFolders.put(pluginId, known);
        }
        return known;
    }

    /** What a plugin needs about the thread an act changes. */
    public interface Threads {
        /** Whether {@code thread} was started by the plugin acting (or is not started yet). */
        boolean ownedByActor(Thread thread);
    }

    /**
     * Empty when the act is allowed; else what would allow it (the annotation to declare and the
     * policy entry to grant, or why nothing can).
     *
     * @param ownClass whether a class belongs to the acting plugin's own bundle
     * @param ownBundle whether a bundle id is the acting plugin's own bundle or a fragment attached to it
     * @param linked whether the acting plugin's class loader links a class's name to that class (its
     *        own, what it imports, the JDK's)
     */
    public Optional<String> refusal(String pluginId, Classification level, PluginEntitlements inForce, Act act,
            Threads threads, Predicate<Class<?>> ownClass, LongPredicate ownBundle, Predicate<Class<?>> linked) {
        boolean sandbox = level == Classification.SANDBOX;
        if (act.subject() == SinkActs.Foreign.VALUE) {
            return Optional.of("pass the JDK's own File, Path or InetSocketAddress: the check cannot read a value of "
                    + "the plugin's own class without running its code");
        }
        if (act.subject() == SinkActs.Unchecked.PATHS) {
            return Optional.of(never());
        }
        if (act.subject() == SinkActs.Unchecked.HOSTS) {
            return Optional.of("build the client with Redirect.NEVER (the default) and no proxy, and follow a redirect "
                    + "with a send of its own, which is checked; " + never());
        }
        return switch (act.operation()) {
            case FILE_READ, FILE_WRITE -> files(pluginId, sandbox, inForce, act);
            case CONNECT -> outbound(pluginId, inForce, act);
            case INBOUND -> inForce.inbound().stream().anyMatch(port -> port.equals("*") || port.equals(act.target()))
                    ? Optional.empty()
                    : Optional.of(grant(pluginId, "@InboundNetwork(ports = \"" + act.target() + "\")",
                            "inbound_network: [\"" + act.target() + "\"]"));
            case START_THREAD -> virtual(act.subject()) ? Optional.of("a virtual thread's CPU time and allocations "
                    + "are not measured per thread by the JVM, so neither its plugin's CPU share nor the low-memory "
                    + "guard would see them; start a platform thread instead (new Thread, Thread.ofPlatform); "
                    + never()) : sandbox || inForce.manageThreads() ? Optional.empty()
                    : Optional.of(grant(pluginId, "@ManageThreads", "manage_threads: true"));
            case MANAGE_THREAD -> inForce.manageThreads() || mayChange((SinkActs.ThreadChange) act.subject(), threads)
                    ? Optional.empty() : Optional.of(grant(pluginId, "@ManageThreads", "manage_threads: true"));
            case REFLECTION, DEFINE_CLASS -> act.subject() instanceof Class<?> type && ownClass.test(type)
                    && act.operation() == Operation.REFLECTION ? Optional.empty() : Optional.of(never());
            // a class object reaches a plugin with every object the platform hands it; its loader is no key
            case FOREIGN_MEMBER -> act.subject() instanceof Class<?> type && (ownClass.test(type) || linked.test(type))
                    ? Optional.empty()
                    : Optional.of("import the class's package (Import-Package), if its bundle exports it to plugins; "
                            + "what a plugin cannot link to, it cannot use by reflection or a method handle either");
            // its own bundle's entries and context; the framework's other acts are the operator's
            case BUNDLE_CONTENT, FRAMEWORK -> act.subject() instanceof Long bundleId && ownBundle.test(bundleId)
                    ? Optional.empty() : Optional.of(never());
            default -> Optional.of(never());
        };
    }

    /** Whether {@code thread} is a virtual thread (JDK 21 and later; this bundle is built for 17). */
    static boolean virtual(Object thread) {
        return thread instanceof Thread started && VIRTUAL_THREADS.contains(started.getClass().getName());
    }

    /**
     * Its own threads; the interrupt status of the thread it runs on (restored after catching an
     * interrupt) and that thread's own stack (what a logger asks; its frames are the caller's own).
     */
    private static boolean mayChange(SinkActs.ThreadChange change, Threads threads) {
        return threads.ownedByActor(change.thread()) || change.thread() == Thread.currentThread()
                && (change.method().equals("interrupt") || change.method().equals("getStackTrace"));
    }

    private Optional<String> files(String pluginId, boolean sandbox, PluginEntitlements inForce, Act act) {
        Path path;
        Path asGiven;
        Object subject = act.subject() instanceof SinkActs.Moving moving ? moving.source() : act.subject();
        if (subject instanceof Path named) {
            path = named;
            asGiven = named;
        } else if (subject instanceof SinkActs.Dotted dotted) {
            path = dotted.normalized();
            asGiven = dotted.asGiven();
        } else {
            return Optional.of(grant(pluginId, "@FileEntitlement(path = \"" + act.target() + "\")", "files"));
        }
        boolean write = act.operation() == Operation.FILE_WRITE;
        if (!write && (path.startsWith(javaHome) || READABLE_BY_ALL.contains(path))) {
            return Optional.empty();
        }
        Path data = dataFolder(pluginId);
        List<Path> roots = allowing(path, write, sandbox, data, inForce);
        if (roots.isEmpty()) {
            return Optional.of(fileGrant(pluginId, path, write));
        }
        if (asGiven != path && climbs(asGiven)) {
            // the kernel walks each ".." from the folder it finds at that instant: another thread moving a folder
            // between this check and the act takes it elsewhere (races-a-rename-under-dot-dot), so no check can judge it
            return Optional.of("it names \"..\" (" + asGiven + "): the kernel walks it through the folders as they stand "
                    + "when it acts, not as they stood when it was checked; use the normalized path ("
                    + path + ", Path.normalize()) instead");
        }
        // a folder a plugin may use can hold links it did not make (the operator's, or from before links were
        // refused): the names allow it, so judge where the kernel will go, the real path of what exists of it
        Path real;
        try {
            if (subject != act.subject() && RealPaths.holdsLink(asGiven)) {
                // moved, a link would stand at names already judged (and remembered) as no link
                return Optional.of("it moves a symbolic link, or a folder holding one (" + asGiven + "), which would "
                        + "carry the link to other names; move what the link leads to instead, or " + never());
            }
            if (asGiven == path && linkFree.noLinkBelow(roots.get(0), path)) {
                // the kernel walks the names below the folder as named: no name is a link (each lstat remembered briefly)
                return Optional.empty();
            }
            real = RealPaths.of(asGiven);
            for (Path root : roots) {
                if (real.startsWith(RealPaths.of(root))) {
                    return Optional.empty();
                }
            }
            for (Path root : allowing(real, write, sandbox, data, inForce)) {
                if (real.startsWith(RealPaths.of(root))) {
                    return Optional.empty();
                }
            }
        } catch (java.io.IOException | RuntimeException unresolved) {
            // where it leads cannot be told (a loop of links, a folder it may not search): fail closed
            return Optional.of("the path's real location cannot be resolved (" + unresolved + "); " + never());
        }
        return Optional.of("it leads through a symbolic link to " + real + "; "
                + fileGrant(pluginId, real, write));
    }

    /** Whether {@code path} has a ".." name. */
    private static boolean climbs(Path path) {
        for (Path name : path) {
            if (name.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The folders whose names allow {@code path}: its data folder for a sandbox plugin, and granted ones. */
    private static List<Path> allowing(Path path, boolean write, boolean sandbox, Path data, PluginEntitlements inForce) {
        List<Path> roots = new java.util.ArrayList<>(2);
        if (sandbox && path.startsWith(data)) {
            roots.add(data);
        }
        for (PluginEntitlements.FileEntry entry : inForce.files()) {
            Path granted = data.resolve(entry.path()).toAbsolutePath().normalize();
            if (path.startsWith(granted) && (entry.write() || !write)) {
                roots.add(granted);
            }
        }
        return roots;
    }

    private static String fileGrant(String pluginId, Path path, boolean write) {
        String mode = write ? "READ_WRITE" : "READ";
        return grant(pluginId, "@FileEntitlement(path = \"" + path + "\", mode = " + mode + ")",
                "files: [{\"path\": \"" + path + "\", \"mode\": \"" + mode.toLowerCase(java.util.Locale.ROOT) + "\"}]");
    }

    private static Optional<String> outbound(String pluginId, PluginEntitlements inForce, Act act) {
        boolean hostOnly = act.subject() == NetworkActs.Resolve.HOST_ONLY;
        String host;
        String port;
        if (act.subject() instanceof InetSocketAddress address) {
            host = address.getHostString();
            port = String.valueOf(address.getPort());
        } else {
            int colon = act.target().lastIndexOf(':');
            host = hostOnly || colon < 0 ? act.target() : act.target().substring(0, colon);
            port = hostOnly || colon < 0 ? "*" : act.target().substring(colon + 1);
        }
        String resolvedIp = act.subject() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
        for (String pattern : inForce.outbound()) {
            int colon = pattern.lastIndexOf(':');
            String hostPattern = pattern.substring(0, colon);
            String portPattern = pattern.substring(colon + 1);
            boolean hostMatches = hostMatches(hostPattern, host) || (resolvedIp != null && hostMatches(hostPattern, resolvedIp));
            if (hostMatches && (hostOnly || portPattern.equals("*") || portPattern.equals(port))) {
                return Optional.empty();
            }
        }
        String wanted = host + ":" + port;
        return Optional.of(grant(pluginId, "@OutboundNetwork(hosts = \"" + wanted + "\")",
                "outbound_network: [\"" + wanted + "\"]"));
    }

    static boolean hostMatches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        String regex = java.util.regex.Pattern.quote(pattern.toLowerCase(java.util.Locale.ROOT)).replace("*", "\\E[^.]*\\Q");
        return host.toLowerCase(java.util.Locale.ROOT).matches(regex);
    }

    private static String grant(String pluginId, String annotation, String policyEntry) {
        return "declare " + annotation + " in the plugin and grant it in policy.json: entitlements.grants." + pluginId
                + "." + policyEntry;
    }

    private static String never() {
        return "nothing below trusted may; only a plugin the policy trusts (\"trusted\" in policy.json) may do this";
    }
}
