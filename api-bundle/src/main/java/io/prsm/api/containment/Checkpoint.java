package io.prsm.api.containment;

import io.prsm.platform.CodeStops;

/**
 * The one call the gatekeeper weaves into untrusted plugin code (method entries, loop back-edges,
 * catch handlers). While nothing is stopped anywhere it reads one volatile field and returns, so a
 * tight loop stays within a few percent of its unwoven speed.
 *
 * <p>Who is stopped is kept by the platform ({@code io.prsm.platform.CodeStops}, which no plugin
 * may wire to); this class only reads it, so a plugin that calls it gains nothing.
 *
 * <p>Concurrent semantics: thread-safe; called on every thread that runs untrusted code.
 */
public final class Checkpoint {

    private Checkpoint() {
    }

    /** Returns at once unless the code on this thread was stopped; then throws {@link PluginCodeStopped}. */
    public static void check() {
        if (CodeStops.anyRaised()) {
            CodeStops.throwIfRaised();
        }
    }
}
