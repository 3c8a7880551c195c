package io.prsm.api.containment;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;

import io.prsm.bridge.Entitlements;
import io.prsm.platform.CodeStops;

/**
 * The calls the gatekeeper weaves into untrusted plugin code: {@link #check()} at loop back-edges
 * and catch handlers, and at method entries {@link #enter(long)} where the entitlement agent runs
 * ({@link #check()} where it does not). While nothing is stopped anywhere a check does nothing
 * the JIT keeps: it calls a constant method handle whose target is empty until the runtime stops
 * some thread (see {@code io.prsm.platform.CodeStops}), so compiled woven code runs as fast as
 * plain code; while a stop is raised, a check reads one volatile field.
 *
 * <p>Who is stopped is kept by the platform ({@code io.prsm.platform.CodeStops}, which no plugin
 * may wire to); this class only reads it, so a plugin that calls it gains nothing. It holds no
 * logic of its own: each concern stays in its class, and this is the thin entry woven code links to.
 *
 * <p>Concurrent semantics: thread-safe; called on every thread that runs untrusted code.
 */
public final class Checkpoint {

    /** A constant for the JIT, so that it inlines the call site's target, and compiles away an empty one. */
    private static final MethodHandle CHECK = CodeStops.check();

    private Checkpoint() {
    }

    /**
     * Method entry of untrusted plugin code of bundle {@code bundleId}, where the entitlement agent
     * runs: one call for the two things each method of such code must do first, so that it pays
     * for one. It counts the entry for the entitlement check's fast path
     * ({@code io.prsm.bridge.Entitlements.pluginCodeRan}, which keeps the bundles whose code may be
     * on this thread's stack), then {@link #check()}s. Counted first: a frame that throws here is
     * on the stack while the exception is made.
     *
     * <p>Worth nothing to a plugin that calls it itself: naming a bundle only makes the entitlement
     * checks on its own thread consider that bundle too (stricter, never looser), and the check
     * throws only what the runtime raised. Woven only where the agent defined the bridge; called
     * without it, it throws {@link NoClassDefFoundError} on the caller's own thread.
     */
    public static void enter(long bundleId) {
        Entitlements.pluginCodeRan(bundleId);
        check(bundleId);
    }

    /**
     * {@link #check()} in code of bundle {@code bundleId}: it also throws where only that bundle's
     * code was stopped on this thread (a thread that is not its plugin's, such as the JDK's common
     * pool, still running its code after the plugin stopped).
     */
    public static void check(long bundleId) {
        checkAs(bundleId);
    }

    /** Returns at once unless the code on this thread was stopped; then throws {@link PluginCodeStopped}. */
    public static void check() {
        checkAs(-1);
    }

    private static void checkAs(long bundleId) {
        try {
            CHECK.invokeExact(bundleId);
        } catch (RuntimeException | Error thrown) {
            throw thrown;
        } catch (Throwable checked) {
            // the check declares none
            throw new UndeclaredThrowableException(checked);
        }
    }
}
