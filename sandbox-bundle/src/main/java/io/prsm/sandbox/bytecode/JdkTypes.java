package io.prsm.sandbox.bytecode;

import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the running JDK says about its own classes: which packages are the JDK's (every package of
 * the boot layer, and whatever starts with {@code java/}, {@code javax/}, {@code jdk/}, {@code sun/}
 * or {@code com/sun/}, so a package a newer JDK adds is the JDK's too), the supertypes of a JDK class
 * and the members a class declares. Read once per class and kept.
 *
 * <p>Concurrent semantics: thread-safe; answers live in concurrent maps.
 */
final class JdkTypes {

    private static final List<String> JDK_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");
    private static final Set<String> BOOT_PACKAGES = bootPackages();

    private final Map<String, List<String>> supertypes = new ConcurrentHashMap<>();
    private final Map<String, Optional<Set<String>>> members = new ConcurrentHashMap<>();

    /** Whether {@code internalName} names a class of the JDK. */
    static boolean isJdk(String internalName) {
        for (String prefix : JDK_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        int slash = internalName.lastIndexOf('/');
        return slash > 0 && BOOT_PACKAGES.contains(internalName.substring(0, slash));
    }

    /** Every proper supertype of JDK class {@code internalName}, nearest first; empty when it cannot be loaded. */
    List<String> supertypes(String internalName) {
        return supertypes.computeIfAbsent(internalName, JdkTypes::readSupertypes);
    }

    /**
     * The names of the public and protected methods and fields {@code internalName} declares, or
     * empty when they cannot be read (every member then counts as declared).
     */
    Optional<Set<String>> declaredMembers(String internalName) {
        return members.computeIfAbsent(internalName, JdkTypes::readMembers);
    }

    private static List<String> readSupertypes(String internalName) {
        Class<?> type = load(internalName);
        if (type == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            List<Class<?>> parents = new ArrayList<>(List.of(next.getInterfaces()));
            if (next.getSuperclass() != null) {
                parents.add(0, next.getSuperclass());
            }
            for (Class<?> parent : parents) {
                if (seen.add(parent)) {
                    found.add(parent.getName().replace('.', '/'));
                    pending.add(parent);
                }
            }
        }
        return List.copyOf(found);
    }

    private static Optional<Set<String>> readMembers(String internalName) {
        Class<?> type = load(internalName);
        if (type == null) {
            return Optional.empty();
        }
        try {
            Set<String> names = new HashSet<>();
            for (Method method : type.getDeclaredMethods()) {
                addIfVisible(method, names);
            }
            for (Field field : type.getDeclaredFields()) {
                addIfVisible(field, names);
            }
            return Optional.of(Set.copyOf(names));
        } catch (LinkageError | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static void addIfVisible(Member member, Set<String> names) {
        if ((member.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0) {
            names.add(member.getName());
        }
    }

    /** The JDK class, without initializing it; null when this JDK has no such class. */
    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }

    private static Set<String> bootPackages() {
        Set<String> packages = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            ClassLoader loader = module.getClassLoader();
            String name = module.getName();
            // the JDK's own modules: those of the boot and platform loaders, and the JDK's tools on the class path's
            if (loader == null || loader == ClassLoader.getPlatformClassLoader() || name.startsWith("java.")
                    || name.startsWith("jdk.")) {
                for (String packageName : module.getPackages()) {
                    packages.add(packageName.replace('.', '/'));
                }
            }
        }
        return Set.copyOf(packages);
    }
}
