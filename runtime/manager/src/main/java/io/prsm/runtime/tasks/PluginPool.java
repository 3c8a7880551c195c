package io.prsm.runtime.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The task threads of one plugin, retired whenever its queue stops running tasks on an instance
 * (stopped, quarantined, uninstalled, swapped, refreshed). A retired pool's idle threads end at
 * once and its busy ones as soon as their task returns; the next task gets a fresh pool. A
 * plugin's code can leave things on the thread it ran on (a {@code ThreadLocal} value of one of
 * its classes, which keeps its class loader and every static field of it): with the threads kept
 * for their minute of idleness, a refreshed plugin's memory stayed held that long. A retired
 * pool with no thread left is dropped from the runtime's set of pools, so none piles up either.
 *
 * <p>Concurrent semantics: thread-safe.
 */
final class PluginPool extends AbstractExecutorService {

    private final ThreadFactory threads;
    /** The runtime's pools, shut down with it; this one is in it while it has threads. */
    private final Set<PluginPool> live;
    /** Guarded by this: the pool tasks go to now, null while retired. */
    private ThreadPoolExecutor current;
    /** Guarded by this: pools retired whose threads may still run (a task that did not return). */
    private final List<ThreadPoolExecutor> retired = new ArrayList<>();
    private boolean shutdown;

    PluginPool(ThreadFactory threads, Set<PluginPool> live) {
        this.threads = threads;
        this.live = live;
    }

    @Override
    public void execute(Runnable command) {
        while (true) {
            ThreadPoolExecutor pool = current();
            try {
                // outside this pool's monitor: starting a thread synchronizes on the plugin's thread group,
                // which its code may hold, and retire() is called with the plugin's queue lock held
                pool.execute(command);
                return;
            } catch (RejectedExecutionException retiredMeanwhile) {
                if (isShutdown()) {
                    throw retiredMeanwhile;
                }
            }
        }
    }

    private synchronized ThreadPoolExecutor current() {
        if (shutdown) {
            throw new RejectedExecutionException("the runtime is stopping");
        }
        if (current == null) {
            // idle threads end after a minute, like a cached pool's; retire() ends them sooner
            current = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    threads) {
                @Override
                protected void terminated() {
                    ended(this);
                }
            };
            live.add(this);
        }
        return current;
    }

    /** Ends the idle threads now, and the busy ones when their task returns; later tasks get new threads. */
    void retire() {
        ThreadPoolExecutor retiring;
        synchronized (this) {
            retiring = current;
            if (current != null) {
                retired.add(current);
                current = null;
            }
            retired.removeIf(ThreadPoolExecutor::isTerminated);
            dropWhenIdle();
        }
        if (retiring != null) {
            // outside this pool's monitor: shutdown takes the executor's own lock, under which a thread that
            // ends calls ended(), which needs this monitor (a deadlock seen when a plugin was uninstalled)
            retiring.shutdown();
        }
    }

    /** Called by a retired pool once its last thread ended. */
    private synchronized void ended(ThreadPoolExecutor pool) {
        retired.remove(pool);
        dropWhenIdle();
    }

    private void dropWhenIdle() {
        if (current == null && retired.isEmpty()) {
            live.remove(this);
        }
    }

    /** How many threads the pool has now, retired ones still running included. */
    int threads() {
        List<ThreadPoolExecutor> pools = new ArrayList<>();
        synchronized (this) {
            if (current != null) {
                pools.add(current);
            }
            pools.addAll(retired);
        }
        // outside this pool's monitor, as in retire(): getPoolSize takes the executor's lock
        return pools.stream().mapToInt(ThreadPoolExecutor::getPoolSize).sum();
    }

    @Override
    public void shutdown() {
        synchronized (this) {
            shutdown = true;
        }
        retire();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<ThreadPoolExecutor> pools;
        synchronized (this) {
            pools = List.copyOf(retired);
        }
        List<Runnable> dropped = new ArrayList<>();
        // outside this pool's monitor, as in retire()
        for (ThreadPoolExecutor pool : pools) {
            dropped.addAll(pool.shutdownNow());
        }
        return dropped;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && retired.stream().allMatch(ThreadPoolExecutor::isTerminated);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        List<ThreadPoolExecutor> pools;
        synchronized (this) {
            pools = List.copyOf(retired);
        }
        long until = System.nanoTime() + unit.toNanos(timeout);
        for (ThreadPoolExecutor pool : pools) {
            if (!pool.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
