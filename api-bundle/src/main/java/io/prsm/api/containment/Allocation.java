package io.prsm.api.containment;

import io.prsm.platform.AllocationBudgets;

/**
 * The check the gatekeeper weaves before each array allocation of untrusted plugin code: an
 * array of at least {@link #LARGE} bytes is charged to the running task's memory budget first,
 * and one that would take the task past the memory its plugin declares is not allocated (the
 * check throws {@link PluginCodeStopped}). Smaller arrays return at once: they cannot overshoot
 * the limit by much before the runtime's watchdog sees them.
 *
 * <p>Concurrent semantics: thread-safe; called on every thread that runs untrusted code.
 */
public final class Allocation {

    /** The smallest array, in bytes, that is charged before it is allocated. */
    public static final long LARGE = 64 * 1024;

    private Allocation() {
    }

    /** Before {@code new T[count]} with elements of {@code elementBytes} bytes. */
    public static void array(int count, int elementBytes) {
        long bytes = (long) count * elementBytes;
        if (bytes >= LARGE && AllocationBudgets.any()) {
            AllocationBudgets.charge(bytes);
        }
    }
}
