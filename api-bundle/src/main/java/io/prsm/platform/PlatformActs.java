package io.prsm.platform;

import io.prsm.bridge.Entitlements;

/**
 * Marks an act of the platform as its own while a plugin is on the stack: the plugin's storage
 * writing its files, the audit log, the HTTP API, a task thread. The entitlement checker then
 * ignores the frames below the mark, like {@code doPrivileged}; frames above it (a plugin callback
 * the act runs) still count. The mark holds only when the code calling this class is the
 * platform's; it is worth nothing to a plugin.
 *
 * <p>Without the entitlement bridge (a host that did not load the agent, nor export
 * {@code io.prsm.bridge}) there is nothing to mark and the act simply runs.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class PlatformActs {

    private static final boolean BRIDGE = bridgePresent();

    private PlatformActs() {
    }

    /** An act that may throw {@code E}. */
    @FunctionalInterface
    public interface Act<T, E extends Exception> {
        T call() throws E;
    }

    /** Runs {@code act} as the platform's own act and returns what it returns. */
    public static <T, E extends Exception> T call(Act<T, E> act) throws E {
        return BRIDGE ? Entitlements.callAsPlatform(act::call) : act.call();
    }

    /** Runs {@code act} as the platform's own act. */
    public static void run(Runnable act) {
        if (BRIDGE) {
            Entitlements.runAsPlatform(act);
        } else {
            act.run();
        }
    }

    private static boolean bridgePresent() {
        try {
            Class.forName("io.prsm.bridge.Entitlements", false, PlatformActs.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
