package io.prsm.bridge;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The common pool's thread factory in a JVM the agent was loaded into at start (JDK 17 and 18): its
 * workers get the system class loader as their context loader, as JDK 19 and later give them. The
 * JDK's own factory there lets a worker keep the context loader of whichever thread happened to
 * make it, so a plugin's task on the common pool (a parallel stream, {@code supplyAsync}) read the
 * runtime bundle's loader, or another plugin's, and loaded their private classes through it.
 *
 * <p>The JDK finds it through the system property {@value #PROPERTY}, read once when the common pool
 * is made, and loads it through the system class loader, which finds the bridge in the boot loader.
 *
 * <p>Concurrent semantics: stateless; called by the common pool on whichever thread makes a worker.
 */
public final class CommonPoolThreads implements ForkJoinPool.ForkJoinWorkerThreadFactory {

    /** The JDK's system property naming the common pool's thread factory. */
    public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.threadFactory";

    /** Made by the JDK, by reflection, when it builds the common pool. */
    public CommonPoolThreads() {
        // nothing to hold
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        return new Worker(pool);
    }

    /** A common-pool worker whose context loader is the system class loader, whoever made it. */
    private static final class Worker extends ForkJoinWorkerThread {

        Worker(ForkJoinPool pool) {
            super(pool);
            // not started yet: the thread's own setting, not a change to a running thread
            setContextClassLoader(ClassLoader.getSystemClassLoader());
        }
    }
}
