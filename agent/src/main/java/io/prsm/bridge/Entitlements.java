package io.prsm.bridge;

import java.util.function.Supplier;

/**
 * The bridge between the JDK's instrumented sink methods and the gatekeeper. The agent puts this
 * package on the boot class path, so code in {@code java.base} can call {@link #check}; the
 * gatekeeper installs its {@link EntitlementChecker} here when it starts.
 *
 * <p>The checker is the one static mutable field of the project, and it has to be: instrumented
 * JDK code has no other way to find it. Only the platform may replace or remove it (the checker in
 * force says who the platform is; the first one is installed before any plugin can run).
 *
 * <p>{@link #asPlatform} marks an act as the platform's own, like {@code doPrivileged}: a checker
 * ignores the stack frames below a mark, when the mark was made by platform code.
 *
 * <p>The fast path: the gatekeeper weaves a call to {@link #pluginCodeRan} (through
 * {@code java.lang.PrsmPluginCode}) into every method of plugin code, so each thread counts the
 * plugin methods it entered and keeps the bundles they belong to. When a check walked the whole
 * stack, the checker says which bundles' frames it found ({@link EntitlementChecker#checkKnowing});
 * the thread's bundles become those, and grow again as plugin code runs: they are always a superset
 * of the bundles with a frame on the stack, since every frame pushed since the walk counted. So a
 * checker may decide from them without walking (an act every one of them may do), and when the
 * walk found none, the next acts on the thread return at once until plugin code runs on it again.
 * Plugin code may call the marker itself: that only makes its own thread's checks stricter.
 *
 * <p>Concurrent semantics: thread-safe; the checker is published through a volatile field; the
 * per-thread state is touched by its own thread only; a check that runs while the checker itself
 * acts (writes its audit log, loads a class) is not checked again.
 */
public final class Entitlements {

    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ThreadLocal<ThreadState> STATE = new ThreadLocal<>();
    private static final ClassLoader JDK_PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();
    private static volatile EntitlementChecker checker;

    private Entitlements() {
    }

    /** Called first thing by every instrumented sink; see {@link EntitlementChecker#check}. */
    public static void check(String sink, Object target, Object detail) {
        EntitlementChecker current = checker;
        if (current == null) {
            return;
        }
        ThreadState state = state();
        long entries = state.pluginEntries;
        if (state.checking || state.cleanFor == current && state.cleanAt == entries) {
            return;
        }
        state.checking = true;
        try {
            long[] found = current.checkKnowing(sink, target, detail,
                    state.cleanFor == current ? state.bundles() : null);
            if (found != null) {
                state.cleanFor = current;
                state.cleanAt = found.length == 0 ? entries : -1;
                state.narrow(found);
            }
        } finally {
            state.checking = false;
        }
    }

    /**
     * Called by the agent where a member is invoked reflectively ({@code Method.invoke}) or made a
     * method handle ({@code DirectMethodHandle.make}, behind every lookup, {@code unreflect} and
     * method handle constant): the JDK's sink methods that are native, which cannot carry a check of
     * their own, are checked here as their sink, and a member of a class outside the JDK is checked
     * as {@code reflection.member} (an untrusted plugin may reach only what it could link: a class
     * object of the platform's, handed out with any object it gives a plugin, is no key to its
     * public methods). A JDK member returns at once (this runs on every reflective call).
     * Harmless to call: it only checks.
     */
    public static void checkMember(Class<?> declaring, String name) {
        if (declaring == Runtime.class && "gc".equals(name)) {
            check("jvm.gc:Runtime.gc", null, null);
            return;
        }
        ClassLoader loader = declaring.getClassLoader();
        if (loader != null && loader != JDK_PLATFORM_LOADER && !jdkReflectionLoader(loader)) {
            // a class of a bundle, the framework or the embedding application: an untrusted plugin may use by
            // reflection only what its own class loader links to (the module system guards the JDK's classes)
            check("reflection.member", declaring, name);
        }
    }

    /**
     * The loaders the JDK's reflection defines its own helpers in (java.beans' trampoline, JDK 17's
     * generated accessors): their classes are the JDK's, and the member they go on to reach is
     * checked where they reach it.
     */
    private static boolean jdkReflectionLoader(ClassLoader loader) {
        Class<?> type = loader.getClass();
        return type.getClassLoader() == null && (type.getName().equals("sun.reflect.misc.MethodUtil")
                || type.getName().equals("jdk.internal.reflect.DelegatingClassLoader"));
    }

    /**
     * Counts one entry into a method of plugin code of bundle {@code bundleId} on this thread
     * (woven into every such method by the gatekeeper). Harmless to call: it only makes the
     * thread's next checks consider that bundle.
     */
    public static void pluginCodeRan(long bundleId) {
        ThreadState state = state();
        state.pluginEntries++;
        if (bundleId != state.lastBundle) {
            state.add(bundleId);
        }
    }

    private static ThreadState state() {
        ThreadState state = STATE.get();
        if (state == null) {
            state = new ThreadState();
            STATE.set(state);
        }
        return state;
    }

    /**
     * One thread's view: plugin method entries, the count at its last clean check, the bundles
     * whose code may be on its stack (known to checker {@code cleanFor}).
     */
    private static final class ThreadState {
        long pluginEntries;
        long cleanAt = -1;
        EntitlementChecker cleanFor;
        boolean checking;
        long lastBundle = -1;
        long[] bundles = new long[4];
        int bundleCount;
        /** {@link #bundles()} as last handed out, until the bundles change: a check allocates nothing. */
        long[] handedOut;

        void add(long bundleId) {
            lastBundle = bundleId;
            for (int i = 0; i < bundleCount; i++) {
                if (bundles[i] == bundleId) {
                    return;
                }
            }
            if (bundleCount == bundles.length) {
                bundles = java.util.Arrays.copyOf(bundles, bundleCount * 2);
            }
            bundles[bundleCount++] = bundleId;
            handedOut = null;
        }

        /** The bundles, as an array the checker may keep but must not change (it is handed out again). */
        long[] bundles() {
            long[] known = handedOut;
            if (known == null) {
                known = java.util.Arrays.copyOf(bundles, bundleCount);
                handedOut = known;
            }
            return known;
        }

        /** The bundles a whole-stack walk found: the next entry of any bundle is added again. */
        void narrow(long[] found) {
            bundleCount = 0;
            handedOut = null;
            lastBundle = -1;
            for (long bundleId : found) {
                add(bundleId);
            }
            lastBundle = -1;
        }
    }

    /**
     * Puts {@code replacement} in force. The first checker may be installed by anyone (the
     * gatekeeper starts before any plugin); after that only code the checker in force calls
     * platform may replace it.
     *
     * @throws SecurityException if the caller is not the platform
     */
    public static synchronized void install(EntitlementChecker replacement) {
        requirePlatform(CALLER.getCallerClass());
        checker = replacement;
    }

    /** Removes {@code installed} if it is in force (a stale one stays removed). */
    public static synchronized void uninstall(EntitlementChecker installed) {
        requirePlatform(CALLER.getCallerClass());
        if (checker == installed) {
            checker = null;
        }
    }

    /** Whether a checker is in force. */
    public static boolean active() {
        return checker != null;
    }

    /**
     * Whether the agent put this class on the boot class path. A host that merely has the bridge on
     * its class path (so the platform can link to it) gets {@code false}: no JDK sink calls it.
     */
    public static boolean agentLoaded() {
        return Entitlements.class.getClassLoader() == null;
    }

    /**
     * Runs {@code act} as the platform's own act: plugin frames below this call on the stack do not
     * count. Only platform code may mark; a mark made by anyone else is ignored by the checker.
     */
    public static <T> T asPlatform(Supplier<T> act) {
        return act.get();
    }

    /** {@link #asPlatform(Supplier)} for an act that returns nothing. */
    public static void runAsPlatform(Runnable act) {
        act.run();
    }

    /** {@link #asPlatform(Supplier)} for an act that may throw. */
    public static <T, E extends Exception> T callAsPlatform(PlatformAct<T, E> act) throws E {
        return act.call();
    }

    /** An act of the platform that may throw {@code E}. */
    @FunctionalInterface
    public interface PlatformAct<T, E extends Exception> {
        T call() throws E;
    }

    private static void requirePlatform(Class<?> caller) {
        EntitlementChecker current = checker;
        if (current != null && !current.isPlatform(caller)) {
            throw new SecurityException(caller.getName() + " may not change the entitlement checker; only the "
                    + "platform may");
        }
    }
}
