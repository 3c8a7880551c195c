package io.prsm.runtime.containment;

/**
 * When the low-memory guard may force its next full collection. A wake-up is never dropped: one
 * that comes too soon is told how long to wait, and the guard looks again then. Dropping it was
 * the guard's blind spot: a pool's usage threshold notifies only when usage crosses it upwards,
 * so a wake-up answered from the last collection's stale figures (or not at all) left a pool
 * that stayed above it unwatched until the JVM ran out.
 *
 * <p>How long depends on what the last collection showed. Garbage (every pool fell below its
 * threshold) or a release (the plugin quarantined for it was collected) lets the next one come at
 * once: the guard's own collection then left the pools below their thresholds, so it notifies
 * nothing, and only a pool growing past its threshold again can wake the guard. A pool still high
 * with nothing released waits {@link #COOL_DOWN_NANOS}, since then every collection, the guard's own
 * included, notifies again.
 *
 * <p>Concurrent semantics: not thread-safe; used by the guard's one responder thread.
 */
final class CollectionPacing {

    /** What a forced collection showed. */
    enum Outcome {
        /** Every pool fell below its threshold: the usage was garbage. */
        BELOW,
        /** A pool stayed above; a plugin was quarantined for it and its class loader collected. */
        RELEASED,
        /**
         * A pool stayed above and nothing could be released: no running plugin allocated anything,
         * or the one quarantined for it is still reachable.
         */
        STILL_HIGH
    }

    static final long COOL_DOWN_NANOS = 5_000_000_000L;

    private boolean collected;
    /** System.nanoTime before which the next collection waits; meaningful once {@link #collected}. */
    private long notBefore;

    /** How many nanoseconds from {@code now} to wait before forcing a collection; 0: at once. */
    long delayBeforeCollecting(long now) {
        return collected && now - notBefore < 0 ? notBefore - now : 0;
    }

    /** Records a forced collection that ended at {@code now} and what it showed. */
    void collected(long now, Outcome outcome) {
        collected = true;
        notBefore = now + switch (outcome) {
            case BELOW, RELEASED -> 0;
            case STILL_HIGH -> COOL_DOWN_NANOS;
        };
    }
}
