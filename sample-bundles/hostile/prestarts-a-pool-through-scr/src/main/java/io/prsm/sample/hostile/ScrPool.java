package io.prsm.sample.hostile;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A component implementation of the plugin's own: a pool of {@link #THREADS} core threads whose
 * activate method is the inherited {@link ThreadPoolExecutor#prestartAllCoreThreads()}, so
 * Declarative Services starts the threads with no frame of the plugin on the stack. The
 * constructor (the plugin's, attributed, but it starts nothing) leaves the pool where the plugin's
 * tasks find it.
 */
public final class ScrPool extends ThreadPoolExecutor {

    static final int THREADS = 8;
    static final AtomicReference<ScrPool> MADE = new AtomicReference<>();

    public ScrPool() {
        super(THREADS, THREADS, 1, TimeUnit.HOURS, new LinkedBlockingQueue<>());
        MADE.set(this);
    }
}
