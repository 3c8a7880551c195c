package io.prsm.sandbox.entitlements;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.osgi.framework.Bundle;

/**
 * Which plugins started which threads. A thread a plugin started acts for that plugin for its
 * whole life, also where no frame of the plugin is on its stack (a {@code Runnable} the JDK built
 * for it); and a plugin may change the threads it started. The common pool's workers are not
 * recorded, since they serve everyone: work a plugin hands them runs its own lambdas, whose frames
 * name it. A pool of the plugin's own is its threads like any other.
 *
 * <p>Concurrent semantics: thread-safe; threads are held weakly.
 */
final class ThreadStarters {

    private final Map<Thread, List<Bundle>> starters = Collections.synchronizedMap(new WeakHashMap<>());

    void started(Thread thread, List<Bundle> by) {
        if (!(thread instanceof java.util.concurrent.ForkJoinWorkerThread worker
                && worker.getPool() == java.util.concurrent.ForkJoinPool.commonPool()) && !by.isEmpty()) {
            starters.put(thread, List.copyOf(by));
        }
    }

    List<Bundle> of(Thread thread) {
        return starters.getOrDefault(thread, List.of());
    }

    /** The threads {@code bundle} started that have not ended (one being started counts). */
    List<Thread> running(Bundle bundle) {
        synchronized (starters) {
            return starters.entrySet().stream().filter(entry -> entry.getValue().contains(bundle))
                    .map(Map.Entry::getKey).filter(thread -> thread.getState() != Thread.State.TERMINATED).toList();
        }
    }

    boolean startedBy(Thread thread, Bundle bundle) {
        return thread.getState() == Thread.State.NEW || of(thread).contains(bundle);
    }
}
