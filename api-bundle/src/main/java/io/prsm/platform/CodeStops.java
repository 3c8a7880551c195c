package io.prsm.platform;

import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.prsm.api.containment.PluginCodeStopped;

/**
 * Which threads must stop running plugin code, and why: raised by the runtime when a task's
 * deadline passes or its plugin is stopped, read by the checks the gatekeeper weaves into
 * untrusted plugin code ({@link io.prsm.api.containment.Checkpoint}).
 *
 * <p>This is static state, and has to be: woven plugin code has no other way to find it, and the
 * runtime and every plugin's classes must see one copy. It lives in this package, which no plugin
 * may wire to, so only the platform can raise or lower a stop; plugins reach it only through
 * {@code Checkpoint}, which reads.
 *
 * <p>The checks go through {@link #check()}, a method handle whose target is a call site's: while
 * no thread is stopped anywhere the target does nothing, and the JIT compiles it away, leaving a
 * woven loop as fast as the plain one (even one volatile read per back-edge cost a tight loop 17 %).
 * The first raise points the call site at the real check ({@link #checkRaised}); the JVM then
 * deoptimizes all compiled code that inlined the empty target before {@code raise} returns (the
 * spinning thread leaves its compiled loop at its next safepoint poll). That needs a poll in every
 * loop: the JIT drops them from counted loops unless {@code UseCountedLoopSafepoints} is on (the
 * JVM turns it on with G1, ZGC and Shenandoah, the default collectors, not with the serial or the
 * parallel one), and two nested counted loops without one would keep both the spinner running and
 * the raising thread waiting. So where the flag is off, or cannot be read, the checks stay at the
 * real check for good.
 *
 * <p>Each switch makes the JVM throw away and recompile every plugin's hot woven code, so a plugin
 * that gets its own tasks stopped many times a second must not be able to switch back and forth at
 * that pace: every other plugin's code would run interpreted most of the time (50 to 100 times
 * slower, measured: {@code recompiles-everyones-code}). So the last lower does not point the checks
 * back; {@link #settle()}, which the runtime calls every second, does, once no stop has been raised
 * for a quiet spell that doubles with each switch back (1 s, 2 s, ... 64 s; back to 1 s after ten
 * quiet minutes): a plugin can force at most about one recompile a minute. Meanwhile the real check
 * costs a thread that is not stopped one volatile read of the stopped threads and a comparison with
 * each (there are few: a stuck thread that never leaves JDK code keeps its stop for good, and its
 * plugin is quarantined after three), never a map look-up.
 *
 * <p>Concurrent semantics: thread-safe. A raise is visible to the stopped thread at its next
 * check; raises and lowers, and with them the call site's target, change under one lock.
 */
public final class CodeStops {

    private static final Map<Thread, String> RAISED = new ConcurrentHashMap<>();
    /** Threads that must stop running one bundle's code only (a pool thread that serves everyone). */
    private static final Map<Thread, Map<Long, String>> BUNDLE_RAISED = new ConcurrentHashMap<>();
    /** The threads with a stop of either kind, replaced (never changed) under the lock: what a check compares with. */
    private static volatile Thread[] stopped = new Thread[0];

    private static final long FIRST_QUIET_SPELL = TimeUnit.SECONDS.toNanos(1);
    private static final long LONGEST_QUIET_SPELL = TimeUnit.SECONDS.toNanos(64);
    /** How long the checks were off before a switch on for the quiet spell to start over from the first. */
    private static final long FORGIVEN_AFTER = TimeUnit.MINUTES.toNanos(10);
    /** Under the lock: when the last stop was lowered (valid while none is raised). */
    private static long quietSince;
    /** Under the lock: how long no stop must be raised before {@link #settle} points the checks back at nothing. */
    private static long quietSpell = FIRST_QUIET_SPELL;
    /** Under the lock: when {@link #settle} last pointed the checks at nothing (never: long enough ago). */
    private static long switchedOffAt = System.nanoTime() - FORGIVEN_AFTER - 1;

    private static final MethodType CHECK_TYPE = MethodType.methodType(void.class, long.class);
    /** While no thread is stopped. */
    private static final MethodHandle NOTHING = MethodHandles.empty(CHECK_TYPE);
    /** While some thread is stopped: {@link #checkRaised}. */
    private static final MethodHandle RAISED_CHECK;
    /** What a check does now: {@link #NOTHING} or {@link #RAISED_CHECK}, set under the lock with {@code stopped}. */
    private static final MutableCallSite CHECK;
    /** Whether the checks may do nothing while no thread is stopped (every compiled loop keeps a safepoint poll). */
    private static final boolean EMPTY_WHILE_NONE_RAISED = countedLoopsKeepSafepointPolls();
    private static final MethodHandle CHECK_INVOKER;

    static {
        try {
            RAISED_CHECK = MethodHandles.lookup().findStatic(CodeStops.class, "checkRaised", CHECK_TYPE);
        } catch (ReflectiveOperationException notThere) {
            throw new ExceptionInInitializerError(notThere);
        }
        CHECK = new MutableCallSite(EMPTY_WHILE_NONE_RAISED ? NOTHING : RAISED_CHECK);
        CHECK_INVOKER = CHECK.dynamicInvoker();
    }

    private CodeStops() {
    }

    /** Makes the plugin code running on {@code thread} throw {@link PluginCodeStopped} with {@code reason} at its next check. */
    public static void raise(Thread thread, String reason) {
        synchronized (RAISED) {
            // threads stopped for good (a plugin's own) are forgotten once they ended
            RAISED.keySet().removeIf(ended -> ended.getState() == Thread.State.TERMINATED);
            RAISED.put(thread, reason);
            counted();
        }
    }

    /**
     * Makes the code of bundle {@code bundleId} running on {@code thread} throw
     * {@link PluginCodeStopped} with {@code reason} at its next check, and no other code there: the
     * thread is not the plugin's (the JDK's common pool, a lifecycle thread of the runtime), it runs
     * other plugins' code too. Only checks that name their bundle see it.
     */
    public static void raise(Thread thread, long bundleId, String reason) {
        synchronized (RAISED) {
            BUNDLE_RAISED.keySet().removeIf(ended -> ended.getState() == Thread.State.TERMINATED);
            // replaced, never changed: a check reads it without the lock
            Map<Long, String> stops = new HashMap<>(BUNDLE_RAISED.getOrDefault(thread, Map.of()));
            stops.put(bundleId, reason);
            BUNDLE_RAISED.put(thread, Map.copyOf(stops));
            counted();
        }
    }

    /** Lets {@code thread} run the code of bundle {@code bundleId} again (that code has left it). */
    public static void lower(Thread thread, long bundleId) {
        synchronized (RAISED) {
            Map<Long, String> stops = BUNDLE_RAISED.get(thread);
            if (stops != null && stops.containsKey(bundleId)) {
                Map<Long, String> left = new HashMap<>(stops);
                left.remove(bundleId);
                if (left.isEmpty()) {
                    BUNDLE_RAISED.remove(thread);
                } else {
                    BUNDLE_RAISED.put(thread, Map.copyOf(left));
                }
                counted();
            }
        }
    }

    /** Lets {@code thread} run plugin code again (its task has left the plugin). */
    public static void lower(Thread thread) {
        synchronized (RAISED) {
            if (RAISED.remove(thread) != null) {
                counted();
            }
        }
    }

    /** Under the lock: notes the stopped threads and points the checks at the real check while there are any. */
    private static void counted() {
        // a thread is in BUNDLE_RAISED only while it has a bundle stop
        Set<Thread> threads = new HashSet<>(RAISED.keySet());
        threads.addAll(BUNDLE_RAISED.keySet());
        // the threads first: a check that sees the real target must find them
        stopped = threads.toArray(new Thread[0]);
        long now = System.nanoTime();
        if (threads.isEmpty()) {
            quietSince = now;
        } else if (CHECK.getTarget() != RAISED_CHECK) {
            if (now - switchedOffAt > FORGIVEN_AFTER) {
                quietSpell = FIRST_QUIET_SPELL;
            }
            switchTo(RAISED_CHECK);
        }
    }

    /**
     * Points the checks back at nothing if no stop has been raised for the quiet spell, which then
     * doubles for the next time (see the class comment). The runtime calls it every second; harmless
     * to call at any time: the checks stay right either way, only their cost changes.
     */
    public static void settle() {
        settle(System.nanoTime());
    }

    static void settle(long now) {
        synchronized (RAISED) {
            if (stopped.length == 0 && EMPTY_WHILE_NONE_RAISED && CHECK.getTarget() != NOTHING
                    && now - quietSince >= quietSpell) {
                switchTo(NOTHING);
                switchedOffAt = now;
                quietSpell = Math.min(quietSpell * 2, LONGEST_QUIET_SPELL);
            }
        }
    }

    /** Under the lock: the checks' target. */
    private static void switchTo(MethodHandle check) {
        CHECK.setTarget(check);
        // deoptimizes the compiled code that inlined the old target before it returns
        MutableCallSite.syncAll(new MutableCallSite[] { CHECK });
    }

    /** How long no stop must be raised before the checks go back to nothing (for tests). */
    static long quietSpell() {
        synchronized (RAISED) {
            return quietSpell;
        }
    }

    /** Whether the checks are at the real check now (for tests). */
    static boolean checking() {
        return CHECK.getTarget() == RAISED_CHECK;
    }

    /**
     * What woven code calls at each check, given its bundle id ({@code -1}: none): an invoker of
     * type {@code (long)void} that returns at once while no thread is stopped, and otherwise throws
     * {@link PluginCodeStopped} if the current thread, or that bundle's code on it, is stopped.
     * Calling it is harmless: it only checks.
     */
    public static MethodHandle check() {
        return CHECK_INVOKER;
    }

    /**
     * The check while the call site points at it: one volatile read and a comparison with each
     * stopped thread, and the look-ups only on a stopped thread.
     */
    private static void checkRaised(long bundleId) {
        Thread[] threads = stopped;
        if (threads.length != 0) {
            Thread current = Thread.currentThread();
            for (Thread thread : threads) {
                if (thread == current) {
                    if (bundleId < 0) {
                        throwIfRaised();
                    } else {
                        throwIfRaised(bundleId);
                    }
                    return;
                }
            }
        }
    }

    /** Whether a check costs nothing while no thread is stopped (the JVM keeps safepoint polls in counted loops). */
    public static boolean checksCompiledAway() {
        return EMPTY_WHILE_NONE_RAISED;
    }

    /** The JVM's {@code UseCountedLoopSafepoints}; false where it cannot be read (not HotSpot, no jdk.management). */
    private static boolean countedLoopsKeepSafepointPolls() {
        try {
            Class<? extends PlatformManagedObject> diagnostic = Class
                    .forName("com.sun.management.HotSpotDiagnosticMXBean", false, ClassLoader.getSystemClassLoader())
                    .asSubclass(PlatformManagedObject.class);
            Object bean = ManagementFactory.getPlatformMXBean(diagnostic);
            Object option = diagnostic.getMethod("getVMOption", String.class).invoke(bean, "UseCountedLoopSafepoints");
            return "true".equals(option.getClass().getMethod("getValue").invoke(option));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unknown) {
            return false;
        }
    }

    /** Whether any thread is stopped now. */
    public static boolean anyRaised() {
        return stopped.length != 0;
    }

    /** Whether the current thread is stopped. */
    public static boolean raised() {
        return stopped.length != 0 && RAISED.containsKey(Thread.currentThread());
    }

    /** Whether the code of bundle {@code bundleId} is stopped on {@code thread} (and on it alone). */
    public static boolean raised(Thread thread, long bundleId) {
        return BUNDLE_RAISED.getOrDefault(thread, Map.of()).containsKey(bundleId);
    }

    /** Throws {@link PluginCodeStopped} if the current thread is stopped. */
    public static void throwIfRaised() {
        String reason = RAISED.get(Thread.currentThread());
        if (reason != null) {
            throw new PluginCodeStopped(reason);
        }
    }

    /** Throws {@link PluginCodeStopped} if the current thread is stopped, or the code of bundle {@code bundleId} on it. */
    public static void throwIfRaised(long bundleId) {
        throwIfRaised();
        // keyed by thread first, so that the checks of every other thread allocate nothing while this one's stop is raised
        Map<Long, String> stops = BUNDLE_RAISED.get(Thread.currentThread());
        String reason = stops == null ? null : stops.get(bundleId);
        if (reason != null) {
            throw new PluginCodeStopped(reason);
        }
    }
}
