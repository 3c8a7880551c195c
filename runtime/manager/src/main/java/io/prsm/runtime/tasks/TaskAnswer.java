package io.prsm.runtime.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer to one task. A caller that blocks on it ({@link #join}, {@link #get}) first watches
 * it for a short while before it parks: most tasks are answered within microseconds, and a parked
 * caller costs a thread wake-up (tens of microseconds on a busy host) to get its answer. Stages
 * made from it are plain futures.
 *
 * <p>Concurrent semantics: thread-safe, as {@link CompletableFuture}.
 */
final class TaskAnswer<T> extends CompletableFuture<T> {

    private final long spinNanos;

    TaskAnswer(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public T join() {
        watchBriefly();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        watchBriefly();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        watchBriefly();
        return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    private void watchBriefly() {
        if (isDone() || spinNanos == 0) {
            return;
        }
        long until = System.nanoTime() + spinNanos;
        while (!isDone() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }
}
