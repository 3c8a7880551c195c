package io.prsm.runtime.containment;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Watches one object, without keeping it, until the collector has collected it: how the
 * low-memory guard knows that a refreshed plugin's class loader (and with it its classes and
 * their static data) is really gone, instead of taking the refresh's word for it. While a
 * quarantined plugin's thread still unwinds, or anything else still reaches its class loader, the
 * memory the guard blamed it for is still held; blaming the next plugin on it would quarantine a
 * bystander.
 *
 * <p>Concurrent semantics: {@link #awaitCollected} from one thread at a time.
 */
public final class CollectionWatch {

    /** The longest one wait on the reference queue, between two forced collections. */
    private static final long POLL_MILLIS = 50;

    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final WeakReference<Object> watched;

    public CollectionWatch(Object watched) {
        this.watched = new WeakReference<>(watched, cleared);
    }

    /**
     * Forces full collections until the watched object is collected or {@code timeout} has passed;
     * returns whether it was collected.
     */
    public boolean awaitCollected(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!watched.refersTo(null)) {
            System.gc();
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (cleared.remove(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000))) != null) {
                return true;
            }
        }
        return true;
    }
}
