package io.prsm.sandbox.entitlements;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many refusals of one plugin the audit log takes one by one. Refusals are audited once per
 * plugin, operation and target, so a plugin that aims at ever new targets (a new long path each
 * time) would write without end and rotate every earlier decision, its own and other plugins',
 * out of the log (atk4's {@code floods-the-audit-log}). Within a minute a plugin gets
 * {@value #PER_MINUTE} refusals written; the rest are counted, and the count is written with its
 * next refusal after the minute (the refusals themselves are thrown as always).
 *
 * <p>Concurrent semantics: thread-safe; one small record per plugin refused since the last
 * {@value #REMEMBERED} plugins.
 */
final class RefusalBudget {

    static final int PER_MINUTE = 100;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int REMEMBERED = 10_000;

    /** What to write for one more refusal. */
    record Decision(boolean write, boolean lastOneByOne, long foldedBefore) {
    }

    private static final class Minute {
        long start;
        int written;
        long folded;
    }

    private final LongSupplier nanoClock;
    private final Map<String, Minute> minutes = new HashMap<>();

    RefusalBudget(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * One more refusal of {@code pluginId} to audit: whether to write it (and whether it is the last
     * written one by one this minute), and how many were counted, not written, in its last minute
     * that ended (to write first, once).
     */
    synchronized Decision next(String pluginId) {
        long now = nanoClock.getAsLong();
        Minute minute = minutes.get(pluginId);
        if (minute == null) {
            if (minutes.size() >= REMEMBERED) {
                minutes.clear();
            }
            minute = new Minute();
            minute.start = now;
            minutes.put(pluginId, minute);
        }
        long foldedBefore = 0;
        if (now - minute.start >= MINUTE) {
            foldedBefore = minute.folded;
            minute.start = now;
            minute.written = 0;
            minute.folded = 0;
        }
        if (minute.written < PER_MINUTE) {
            minute.written++;
            return new Decision(true, minute.written == PER_MINUTE, foldedBefore);
        }
        minute.folded++;
        return new Decision(false, false, foldedBefore);
    }
}
