package io.prsm.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import io.prsm.api.containment.PluginCodeStopped;

/**
 * How many bytes the task running on a thread may still allocate: set by the runtime while a task
 * of a plugin that declares a memory limit runs, charged by the check the gatekeeper weaves before
 * each large array allocation of untrusted code ({@link io.prsm.api.containment.Allocation}). An
 * allocation that would take the task past its limit is not made: its thread is stopped
 * ({@link CodeStops}) and the check throws {@link PluginCodeStopped}, so the limit holds at the
 * allocation instead of at the task watchdog's next sample.
 *
 * <p>Static state for the same reason as {@link CodeStops}: woven plugin code has no other way to
 * find it. It lives in this package, which no plugin may wire to, so only the platform sets budgets.
 *
 * <p>Concurrent semantics: thread-safe; a thread only ever charges its own budget. {@link #any} is
 * one volatile read, so the check costs next to nothing while no task runs under a limit.
 */
public final class AllocationBudgets {

    /**
     * One task's budget.
     *
     * @param limit bytes the task may allocate
     * @param allocatedAtStart what its thread had allocated when the task started
     * @param allocated reads what the current thread has allocated so far (-1: not measurable)
     * @param reason why it is stopped, given the bytes it would have allocated
     */
    public record Budget(long limit, long allocatedAtStart, LongSupplier allocated, LongFunction<String> reason) {
    }

    private static final Map<Thread, Budget> BUDGETS = new ConcurrentHashMap<>();
    /** Threads whose budget ran out, with why; until the runtime clears their budget. */
    private static final Map<Thread, String> EXCEEDED = new ConcurrentHashMap<>();
    /** {@code BUDGETS.size()}, as one volatile read for the fast path. */
    private static volatile int count;

    private AllocationBudgets() {
    }

    /** Gives the task about to run on {@code thread} its budget. */
    public static void set(Thread thread, Budget budget) {
        synchronized (BUDGETS) {
            BUDGETS.put(thread, budget);
            EXCEEDED.remove(thread);
            count = BUDGETS.size();
        }
    }

    /** The task on {@code thread} ended: forgets its budget; returns why it was stopped over it, or null. */
    public static String clear(Thread thread) {
        synchronized (BUDGETS) {
            if (BUDGETS.remove(thread) != null) {
                count = BUDGETS.size();
            }
            return EXCEEDED.remove(thread);
        }
    }

    /** Whether any thread runs under a budget now. */
    public static boolean any() {
        return count != 0;
    }

    /**
     * Charges {@code bytes} about to be allocated to the current thread's budget, if it has one;
     * throws {@link PluginCodeStopped} (and stops the thread) when they would take it past its limit.
     */
    public static void charge(long bytes) {
        Thread current = Thread.currentThread();
        Budget budget = BUDGETS.get(current);
        if (budget == null) {
            return;
        }
        long now = budget.allocated().getAsLong();
        if (now < 0) {
            return;
        }
        long wouldUse = now - budget.allocatedAtStart() + bytes;
        if (wouldUse > budget.limit()) {
            String reason = budget.reason().apply(wouldUse);
            EXCEEDED.put(current, reason);
            CodeStops.raise(current, reason);
            throw new PluginCodeStopped(reason);
        }
    }
}
