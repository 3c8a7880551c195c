package io.prsm.sandbox.entitlements;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Member;
import java.net.InetAddress;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.InvalidPathException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns what an instrumented sink passes ({@code io.prsm.agent.Sinks}: a sink name, a target and a
 * detail) into the acts it is about to do. Harmless calls give no act, so the stack is walked only
 * for acts that matter: a system property that tells nothing about the host, an address literal
 * that needs no name service, a URL into a bundle or the JDK's own image.
 *
 * <p>Describing an act never runs the caller's code: this runs while the bridge does not check,
 * so a method of a plugin's object called here (a {@code File} subclass's {@code toPath}, a
 * {@code SocketAddress}'s {@code toString}, a set of options' iterator) would act unchecked, and
 * could tell the check something else than what the JDK then uses. A value whose class is not the
 * JDK's is named by its class only, and gives an act no plugin is entitled to (fail closed).
 *
 * <p>Concurrent semantics: stateless apart from the platform test it is given.
 */
final class SinkActs {

    /** System properties that say who runs the JVM, where and how; the others are read freely. */
    private static final Set<String> SENSITIVE_PROPERTIES = Set.of("user.home", "user.name", "user.dir",
            "java.class.path", "java.library.path", "jdk.module.path", "sun.java.command", "sun.boot.library.path");
    private static final List<String> SENSITIVE_WORDS = List.of("password", "secret", "token", "credential");
    private static final Set<OpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.DELETE_ON_CLOSE,
            StandardOpenOption.TRUNCATE_EXISTING);

    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();
    private static final java.nio.file.FileSystem DEFAULT_FILES = java.nio.file.FileSystems.getDefault();
    /** What starts every name "." or ".." of an absolute path of the default file system. */
    private static final String DOT_NAME = DEFAULT_FILES.getSeparator() + ".";
    /** JDK collections whose iteration runs no code of their elements or of anyone else. */
    private static final Set<String> PLAIN_COLLECTIONS = Set.of("java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.ArrayList", "java.util.Arrays$ArrayList",
            "java.util.Collections$EmptySet", "java.util.Collections$SingletonSet", "java.util.Collections$EmptyList",
            "java.util.Collections$SingletonList");

    private final Predicate<Class<?>> platformClass;

    /** @param platformClass whether a class is the platform's (a framework or platform bundle class, not the JDK's) */
    SinkActs(Predicate<Class<?>> platformClass) {
        this.platformClass = platformClass;
    }

    List<Act> describe(String sink, Object target, Object detail) {
        int colon = sink.indexOf(':');
        String kind = colon < 0 ? sink : sink.substring(0, colon);
        String named = colon < 0 ? "-" : sink.substring(colon + 1);
        if (kind.startsWith("framework.")) {
            return FrameworkActs.describe(sink.substring("framework.".length()), target);
        }
        return switch (kind) {
            case "file.read" -> file(Operation.FILE_READ, target);
            case "file.write" -> file(Operation.FILE_WRITE, target);
            case "file.open" -> file(writes(detail) ? Operation.FILE_WRITE : Operation.FILE_READ, target);
            case "file.copy" -> both(file(Operation.FILE_READ, target), file(Operation.FILE_WRITE, detail));
            case "file.move" -> both(moving(file(Operation.FILE_WRITE, target)), file(Operation.FILE_WRITE, detail));
            // a symbolic link makes "link/.." another folder than the names say, so no path rule holds after it
            case "file.symlink" -> List.of(new Act(Operation.FILE_WRITE, "a symbolic link at " + shown(target)
                    + " to " + shown(detail), Unchecked.PATHS));
            case "file.relative" -> List.of(new Act(Operation.FILE_WRITE, "a file relative to an open directory ("
                    + named + " " + shown(target) + ")", Unchecked.PATHS));
            case "file.link" -> both(file(Operation.FILE_WRITE, target), file(Operation.FILE_WRITE, linkTarget(target, detail)));
            case "file.close" -> target == java.io.FileDescriptor.in || target == java.io.FileDescriptor.out
                    || target == java.io.FileDescriptor.err || target == System.out || target == System.err
                    ? List.of(Act.of(Operation.JVM_DEFAULTS,
                            "close the JVM's standard stream")) : List.of();
            case "net.connect" -> NetworkActs.connect(target);
            case "net.bind" -> NetworkActs.bind(target, detail);
            case "net.accept" -> List.of(Act.of(Operation.INBOUND, NetworkActs.localPort(target)));
            case "net.resolve" -> NetworkActs.resolve(target);
            // a reverse lookup asks the name service about an address: as looking up a host of that name
            case "net.reverse" -> jdk(target) ? List.of(new Act(Operation.CONNECT, ((InetAddress) target).getHostAddress(),
                    NetworkActs.Resolve.HOST_ONLY)) : List.of(new Act(Operation.CONNECT, named(target), Foreign.VALUE));
            case "net.reach" -> List.of(Act.of(Operation.CONNECT, ((InetAddress) target).getHostAddress() + ":7"));
            case "net.url" -> NetworkActs.url((URL) target);
            case "net.http" -> jdk(target) ? both(NetworkActs.uri(((HttpRequest) target).uri()), NetworkActs.elsewhere(detail))
                    : List.of(Act.of(Operation.CONNECT, "a request of class " + target.getClass().getName()));
            case "process.start" -> List.of(Act.of(Operation.PROCESS, command(((ProcessBuilder) target).command())));
            case "process.signal" -> List.of(Act.of(Operation.PROCESS, "signal to process " + ((ProcessHandle) target).pid()));
            case "process.info" -> List.of(Act.of(Operation.PROCESS, "what process " + ((ProcessHandle) target).pid()
                    + " runs"));
            case "env.read" -> List.of(Act.of(Operation.ENVIRONMENT, target == null ? "*" : named(target)));
            case "property.read_all" -> List.of(Act.of(Operation.READ_PROPERTY, "*"));
            case "property.read" -> sensitive(target) ? List.of(Act.of(Operation.READ_PROPERTY, (String) target)) : List.of();
            case "property.write" -> List.of(Act.of(Operation.WRITE_PROPERTY, target == null ? "*" : named(target)));
            case "jvm.exit" -> List.of(Act.of(Operation.EXIT, named));
            case "jvm.defaults" -> List.of(Act.of(Operation.JVM_DEFAULTS, named));
            // a handler of the plugin's own class is its own; one of the JDK's may be the root logger's
            case "jvm.handler" -> jdk(target) ? List.of(Act.of(Operation.JVM_DEFAULTS, named)) : List.of();
            case "jvm.management" -> List.of(Act.of(Operation.MANAGEMENT, named));
            case "jvm.gc" -> List.of(Act.of(Operation.GC, named));
            // charged to the plugins acting against the memory they declare (DirectMemory), not a rule's
            case "memory.direct" -> List.of(new Act(Operation.DIRECT_MEMORY, target + " bytes of direct memory", target));
            case "memory.mapped" -> List.of(new Act(Operation.DIRECT_MEMORY, target + " bytes of a mapped file",
                    new DirectMemory.Mapped((Long) target)));
            case DirectMemory.HELD_SINK -> List.of();
            case "native.load" -> List.of(Act.of(Operation.NATIVE, named(target)));
            case "native.ffm" -> List.of(Act.of(Operation.NATIVE, "the foreign function linker"));
            case "thread.start" -> List.of(new Act(Operation.START_THREAD, ((Thread) target).getName(), target));
            case "thread.manage" -> List.of(new Act(Operation.MANAGE_THREAD, ((Thread) target).getName() + " (" + named
                    + ")", new ThreadChange((Thread) target, named)));
            case "classloader.create" -> platformClass.test(target.getClass()) ? List.of()
                    : List.of(Act.of(Operation.CLASS_LOADER, target.getClass().getName()));
            case "class.define" -> {
                Class<?> into = ((MethodHandles.Lookup) target).lookupClass();
                yield List.of(new Act(Operation.DEFINE_CLASS, named.equals("lambda") ? "a lambda class made "
                        + "by calling LambdaMetafactory in " + into.getName() : into.getName(), into));
            }
            case "reflection.private" -> reflection(target, detail);
            case "reflection.member" -> List.of(new Act(Operation.FOREIGN_MEMBER, ((Class<?>) target).getName() + "."
                    + detail, target));
            case "reflection.proxy" -> List.of(Act.of(Operation.REFLECTION, target instanceof Class<?> type
                    ? type.getName() : named(target)));
            case "terminal.read" -> List.of(Act.of(Operation.TERMINAL, "System.in"));
            case "terminal.console" -> List.of(Act.of(Operation.TERMINAL, "System.console()"));
            case "terminal.channel" -> List.of(Act.of(Operation.TERMINAL, "System.inheritedChannel()"));
            case "terminal.descriptor" -> target == java.io.FileDescriptor.in
                    ? List.of(Act.of(Operation.TERMINAL, "FileDescriptor.in")) : List.of();
            // a sink the gatekeeper does not know (an agent newer than this bundle): fail closed
            default -> List.of(Act.of(Operation.JVM_DEFAULTS, sink));
        };
    }

    static List<Act> file(Operation operation, Object target) {
        if (target != null && !(target instanceof String) && !jdk(target)) {
            // a plugin's File or Path: its answer here need not be what the JDK then opens
            return List.of(new Act(operation, "a path given as " + named(target), Foreign.VALUE));
        }
        Path path;
        try {
            path = target instanceof Path given ? given
                    : target instanceof File file ? file.toPath() : Path.of(String.valueOf(target));
        } catch (InvalidPathException unusable) {
            // the JDK refuses it too; check what the sink was handed
            return List.of(Act.of(operation, String.valueOf(target)));
        }
        Path absolute = path.toAbsolutePath();
        String text = absolute.toString();
        // a name "." or ".." follows a separator in an absolute path: without one there is nothing to
        // normalize (the JDK already dropped redundant separators), and normalizing, on every file act, allocates
        if (absolute.getFileSystem() != DEFAULT_FILES) {
            absolute = absolute.normalize();
            return List.of(new Act(operation, absolute.toString(), absolute));
        }
        if (text.contains(DOT_NAME)) {
            // the kernel follows a link before the ".." after it: the rule needs the names as given too
            Path normalized = absolute.normalize();
            return List.of(new Act(operation, normalized.toString(), new Dotted(normalized, absolute)));
        }
        return List.of(new Act(operation, text, absolute));
    }

    /** What a link at {@code link} reaches: a relative target is relative to the link's folder. */
    private static Object linkTarget(Object link, Object target) {
        if (link instanceof Path at && target instanceof Path to && jdk(at) && jdk(to) && !to.isAbsolute()) {
            Path folder = at.toAbsolutePath().getParent();
            return folder == null ? to : folder.resolve(to);
        }
        return target;
    }

    private static boolean writes(Object detail) {
        if (detail instanceof String mode) {
            return mode.contains("w");
        }
        if (detail instanceof Collection<?> options && PLAIN_COLLECTIONS.contains(options.getClass().getName())
                || detail != null && detail.getClass().getName().startsWith("java.util.ImmutableCollections$")) {
            for (Object option : (Collection<?>) detail) {
                // an option of a plugin's own class counts as writing: what it does is not said
                if (option instanceof StandardOpenOption standard ? WRITING.contains(standard)
                        : !(option instanceof java.nio.file.LinkOption)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** The acts on a move's source: what moves may carry a link to names already judged. */
    private static List<Act> moving(List<Act> source) {
        return source.stream().map(act -> act.subject() instanceof Path || act.subject() instanceof Dotted
                ? new Act(act.operation(), act.target(), new Moving(act.subject())) : act).toList();
    }

    private static List<Act> both(List<Act> first, List<Act> second) {
        List<Act> acts = new ArrayList<>(first);
        acts.addAll(second);
        return acts;
    }

    /** A change to a thread: which thread, by which {@code Thread} method. */
    record ThreadChange(Thread thread, String method) {
    }

    /** The source of a move, a {@link Path} or {@link Dotted}: the rule also looks at what it holds. */
    record Moving(Object source) {
    }

    /** A default file system's path with "." or ".." names: normalized by name, and as the kernel will walk it. */
    record Dotted(Path normalized, Path asGiven) {
    }

    /** Marks an act whose target is of a class that is not the JDK's: it cannot be checked, so no entitlement allows it. */
    enum Foreign {
        VALUE
    }

    /**
     * Marks a file act no path rule can judge: through a symbolic link, or relative to a directory
     * held open; refused below trusted, whatever the plugin's folders.
     */
    enum Unchecked {
        PATHS,
        /** A connect no host rule can judge: where an HTTP client's redirects or proxy lead, on threads not the plugin's. */
        HOSTS
    }

    private static boolean sensitive(Object key) {
        if (!(key instanceof String name)) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return SENSITIVE_PROPERTIES.contains(name) || name.startsWith("prsm.") || name.startsWith("org.osgi.framework.")
                || SENSITIVE_WORDS.stream().anyMatch(lower::contains);
    }

    private static List<Act> reflection(Object target, Object detail) {
        if (Boolean.FALSE.equals(detail)) {
            return List.of();
        }
        List<Act> acts = new ArrayList<>();
        if (target instanceof AccessibleObject[] many) {
            for (AccessibleObject one : many) {
                acts.addAll(reflection(one, Boolean.TRUE));
            }
        } else if (target instanceof Member member && jdk(member)) {
            acts.add(new Act(Operation.REFLECTION, member.getDeclaringClass().getName() + "." + member.getName(),
                    member.getDeclaringClass()));
        } else if (target instanceof Class<?> type) {
            acts.add(new Act(Operation.REFLECTION, type.getName(), type));
        } else if (target != null) {
            acts.add(Act.of(Operation.REFLECTION, named(target)));
        }
        return acts;
    }

    /** Whether {@code value}'s class is the JDK's: calling its methods runs none of the caller's code. */
    static boolean jdk(Object value) {
        ClassLoader loader = value.getClass().getClassLoader();
        return loader == null || loader == PLATFORM_LOADER;
    }

    /** A JDK path as it reads, a class by its name, anything else as {@link #named} says it. */
    private static String shown(Object value) {
        if (value instanceof Path path && jdk(path)) {
            return path.toString();
        }
        return value instanceof Class<?> type ? type.getName() : named(value);
    }

    /** {@code value} as text, without calling a method of anything that may hold the caller's code. */
    static String named(Object value) {
        if (value instanceof String || value instanceof Number && jdk(value) || value instanceof Boolean
                || value instanceof Character) {
            return value.toString();
        }
        return value == null ? "null" : "an object of class " + value.getClass().getName();
    }

    /** A process's command line, read only from a list and strings of the JDK's. */
    private static String command(List<String> command) {
        if (!PLAIN_COLLECTIONS.contains(command.getClass().getName())
                && !command.getClass().getName().startsWith("java.util.ImmutableCollections$")) {
            return "a command held in " + named(command);
        }
        StringBuilder line = new StringBuilder();
        for (Object word : command.toArray()) {
            line.append(line.isEmpty() ? "" : " ").append(word instanceof String text ? text : named(word));
        }
        return line.toString();
    }
}
