package io.prsm.sandbox.entitlements;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;

/**
 * Whose act it is: every frame on the stack whose class belongs to an untrusted plugin's bundle
 * counts, not only the nearest caller (a plugin calling Jackson calling {@code FileOutputStream}
 * is the plugin's act). Hidden frames are walked too, so a lambda a plugin hands to a pool thread
 * still names it. The walk stops at
 * <ul>
 * <li>a mark the platform made ({@code Entitlements.asPlatform} called from platform code), like
 * {@code doPrivileged}: the platform acts for the plugin below it, on targets it chose;</li>
 * <li>a framework class loader loading a class or resource: reading bundle content is the
 * framework's act, whichever class triggered it.</li>
 * </ul>
 * A class's bundle is cached per class ({@link ClassValue}); what the bundle is comes from the
 * one {@link BundleClassifier}, so a check is one stack walk and a map read per plugin frame.
 *
 * <p>Concurrent semantics: thread-safe.
 */
final class StackAttribution {

    private static final String BRIDGE = "io.prsm.bridge.Entitlements";
    private static final Class<?> BRIDGE_CLASS = io.prsm.bridge.Entitlements.class;
    /** The platform's helper for marks ({@code io.prsm.platform.PlatformActs}): its caller is the one that counts. */
    private static final String PLATFORM_ACTS = "io.prsm.platform.PlatformActs";
    private static final Set<String> MARKS = Set.of("asPlatform", "runAsPlatform", "callAsPlatform");
    private static final Set<String> LOADING = Set.of("loadClass", "findClass", "findResource", "findResources",
            "getResource", "getResources", "getResourceAsStream", "findLibrary");
    private static final StackWalker WALKER = StackWalker.getInstance(
            EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));
    private static final StackWalker DIRECT = StackWalker.getInstance(
            EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES));
    private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

    /** The bundle a class was loaded from, or empty for the JDK and the class path. */
    private final ClassValue<Optional<Bundle>> owners = new ClassValue<>() {
        @Override
        protected Optional<Bundle> computeValue(Class<?> type) {
            return type.getClassLoader() instanceof BundleReference reference
                    ? Optional.ofNullable(reference.getBundle()) : Optional.empty();
        }
    };

    private final BundleClassifier classifier;

    StackAttribution(BundleClassifier classifier) {
        this.classifier = classifier;
    }

    /** One untrusted plugin bundle acting, as the classifier sees it now. */
    record Actor(Bundle bundle, Classification level) {
    }

    /**
     * What a walk of the current thread's stack found: the untrusted plugin bundles acting, each
     * once; whether it saw the whole stack (no platform mark or class loader's frame stopped it);
     * and the ids of every plugin bundle with a frame on it, trusted ones too (platform bundles,
     * whose code is never woven, are left out).
     */
    record Walk(List<Actor> actors, boolean complete, long[] onStack) {
    }

    /** The untrusted plugin bundles acting on the current thread's stack. */
    Walk acting() {
        return WALKER.walk(this::acting);
    }

    private Walk acting(Stream<StackWalker.StackFrame> stack) {
        List<Actor> actors = new ArrayList<>(2);
        List<Bundle> onStack = new ArrayList<>(2);
        boolean complete = true;
        StackWalker.StackFrame[] frames = stack.toArray(StackWalker.StackFrame[]::new);
        for (int i = 0; i < frames.length; i++) {
            StackWalker.StackFrame frame = frames[i];
            Class<?> type = frame.getDeclaringClass();
            // a frame's method name costs a lookup: asked only of the two kinds of frame that need it
            if (type == BRIDGE_CLASS && MARKS.contains(frame.getMethodName())) {
                int caller = i + 1;
                while (caller < frames.length && frames[caller].getDeclaringClass().getName().equals(PLATFORM_ACTS)) {
                    caller++;
                }
                if (caller < frames.length && isPlatform(frames[caller].getDeclaringClass())) {
                    complete = false;
                    break;
                }
                continue;
            }
            if (ClassLoader.class.isAssignableFrom(type) && LOADING.contains(frame.getMethodName()) && isPlatform(type)) {
                complete = false;
                break;
            }
            Optional<Bundle> owner = owners.get(type);
            if (owner.isPresent()) {
                Classification level = classifier.classify(owner.get());
                if (level != Classification.PLATFORM && !onStack.contains(owner.get())) {
                    onStack.add(owner.get());
                }
                if (untrusted(level) && actors.stream().noneMatch(actor -> actor.bundle() == owner.get())) {
                    actors.add(new Actor(owner.get(), level));
                }
            }
        }
        return new Walk(actors, complete, onStack.stream().mapToLong(Bundle::getBundleId).toArray());
    }

    /**
     * The untrusted plugin whose code is the nearest non-JDK frame, if it is a plugin's: who asked
     * for a thread (a platform pool growing while a plugin waits is the platform's act).
     */
    Optional<Actor> nearestCaller() {
        return nearestOutsideTheJdk().flatMap(owners::get).map(bundle -> new Actor(bundle, classifier.classify(bundle)))
                .filter(actor -> untrusted(actor.level()));
    }

    /** The class of the nearest frame that is neither the JDK's nor this checker's. */
    private Optional<Class<?>> nearestOutsideTheJdk() {
        return WALKER.walk(stack -> stack.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> type.getClassLoader() != null && type.getClassLoader() != PLATFORM_LOADER)
                .filter(type -> !type.getName().startsWith("io.prsm.sandbox.entitlements."))
                .findFirst());
    }

    /**
     * Whether the reflection is done for its own purposes by the code nearest to it (the nearest
     * frame outside the JDK and this checker): a class of {@code type}'s own loader (a library,
     * Jackson say, reflecting on its own classes: what its bytecode could do anyway), or PRSM's own
     * platform code (a record's {@code hashCode}, the runtime's JSON) serving a call a plugin made.
     * A plugin's own reflection, or a library's it drives (Jackson converting into a class the
     * plugin names), is not: the nearest frame is then the plugin's or the library's.
     */
    boolean reflectsForItself(Class<?> type) {
        ClassLoader target = type.getClassLoader();
        Optional<Class<?>> nearest = nearestOutsideTheJdk();
        if (nearest.isEmpty()) {
            return false;
        }
        if (target != null && nearest.get().getClassLoader() == target) {
            return true;
        }
        Optional<Bundle> owner = owners.get(nearest.get());
        return owner.isPresent() && String.valueOf(owner.get().getSymbolicName()).startsWith("io.prsm.")
                && classifier.classify(owner.get()) == Classification.PLATFORM;
    }

    /**
     * Whether the act is a JDK class's static initialiser setting up the JDK's own state, which a
     * plugin's first use of the class triggered: from the sink down, the frame of a JDK class's
     * {@code <clinit>} comes before any frame of an untrusted plugin. A refusal there would fail
     * the class for the whole JVM (as any error in an initialiser does), and what the initialiser
     * does is the JDK's code, not the plugin's choice; a plugin's code that the initialiser calls
     * (a provider it loads) has a frame above it, so its acts still count. Asked only before a
     * refusal: a frame's method name costs a lookup.
     */
    boolean initialisingJdkClass() {
        return WALKER.walk(stack -> {
            for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) stack::iterator) {
                Class<?> type = frame.getDeclaringClass();
                ClassLoader loader = type.getClassLoader();
                if ((loader == null || loader == PLATFORM_LOADER) && !type.getName().startsWith("io.prsm.")
                        && !type.getName().startsWith("java.lang.Prsm") && frame.getMethodName().equals("<clinit>")) {
                    return true;
                }
                Optional<Bundle> owner = owners.get(type);
                if (owner.isPresent() && untrusted(classifier.classify(owner.get()))) {
                    return false;
                }
            }
            return false;
        });
    }

    /**
     * The class that called the sink method, as the language sees it: the reflection machinery
     * ({@code Method.invoke} and its accessors) skipped, but not a method handle's invoker, which
     * is a caller of its own. Reflection frames are walked to find the sink's own frame: a sink in
     * {@code java.lang.reflect} (setAccessible) counts as one, and the default walk would hide it.
     */
    Optional<Class<?>> sinkCaller() {
        return DIRECT.walk(stack -> {
            List<Class<?>> below = stack.map(StackWalker.StackFrame::getDeclaringClass)
                    .dropWhile(type -> !type.getName().equals(BRIDGE)).dropWhile(type -> type.getName().equals(BRIDGE))
                    .limit(12).toList();
            Class<?> sinkClass = below.isEmpty() ? null : below.get(0);
            return below.stream().dropWhile(type -> type == sinkClass).dropWhile(StackAttribution::reflectionMachinery)
                    .findFirst();
        });
    }

    private static boolean reflectionMachinery(Class<?> type) {
        return type == java.lang.reflect.Method.class || type == java.lang.reflect.Constructor.class
                || type.getClassLoader() == null && type.getPackageName().equals("jdk.internal.reflect");
    }

    /** The bundle {@code type} belongs to, if any. */
    Optional<Bundle> owner(Class<?> type) {
        return owners.get(type);
    }

    /**
     * Whether {@code type} is the platform's: a class of the framework or the application (class
     * path), of a platform bundle, or of a plugin the policy trusts. The JDK's own classes are not:
     * they act for whoever calls them.
     */
    boolean isPlatform(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == PLATFORM_LOADER) {
            return false;
        }
        Optional<Bundle> owner = owners.get(type);
        return owner.isEmpty() || !untrusted(classifier.classify(owner.get()));
    }

    static boolean untrusted(Classification level) {
        return level != Classification.PLATFORM && level != Classification.TRUSTED_PLUGIN;
    }
}
