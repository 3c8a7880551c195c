package io.prsm.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Concurrent semantics: thread-safe. A raise is visible to the stopped thread at its next
 * check; {@link #anyRaised} is a single volatile read so that the checks cost next to nothing
 * while no thread is stopped.
 */
public final class CodeStops {

    private static final Map<Thread, String> RAISED = new ConcurrentHashMap<>();
    /** Threads that must stop running one bundle's code only (a pool thread that serves everyone). */
    private static final Map<ThreadCode, String> BUNDLE_RAISED = new ConcurrentHashMap<>();
    /** {@code RAISED.size() + BUNDLE_RAISED.size()}, as one volatile read for the fast path. */
    private static volatile int raisedCount;

    private record ThreadCode(Thread thread, long bundleId) {
    }

    private CodeStops() {
    }

    /** Makes the plugin code running on {@code thread} throw {@link PluginCodeStopped} with {@code reason} at its next check. */
    public static void raise(Thread thread, String reason) {
        synchronized (RAISED) {
            // threads stopped for good (a plugin's own) are forgotten once they ended
            RAISED.keySet().removeIf(ended -> ended.getState() == Thread.State.TERMINATED);
            RAISED.put(thread, reason);
            raisedCount = RAISED.size() + BUNDLE_RAISED.size();
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
            BUNDLE_RAISED.keySet().removeIf(ended -> ended.thread().getState() == Thread.State.TERMINATED);
            BUNDLE_RAISED.put(new ThreadCode(thread, bundleId), reason);
            raisedCount = RAISED.size() + BUNDLE_RAISED.size();
        }
    }

    /** Lets {@code thread} run the code of bundle {@code bundleId} again (that code has left it). */
    public static void lower(Thread thread, long bundleId) {
        synchronized (RAISED) {
            if (BUNDLE_RAISED.remove(new ThreadCode(thread, bundleId)) != null) {
                raisedCount = RAISED.size() + BUNDLE_RAISED.size();
            }
        }
    }

    /** Lets {@code thread} run plugin code again (its task has left the plugin). */
    public static void lower(Thread thread) {
        synchronized (RAISED) {
            if (RAISED.remove(thread) != null) {
                raisedCount = RAISED.size() + BUNDLE_RAISED.size();
            }
        }
    }

    /** Whether any thread is stopped now. */
    public static boolean anyRaised() {
        return raisedCount != 0;
    }

    /** Whether the current thread is stopped. */
    public static boolean raised() {
        return raisedCount != 0 && RAISED.containsKey(Thread.currentThread());
    }

    /** Whether the code of bundle {@code bundleId} is stopped on {@code thread} (and on it alone). */
    public static boolean raised(Thread thread, long bundleId) {
        return BUNDLE_RAISED.containsKey(new ThreadCode(thread, bundleId));
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
        String reason = BUNDLE_RAISED.isEmpty() ? null : BUNDLE_RAISED.get(new ThreadCode(Thread.currentThread(), bundleId));
        if (reason != null) {
            throw new PluginCodeStopped(reason);
        }
    }
}
