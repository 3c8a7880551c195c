package io.prsm.bridge;

import static org.junit.Assert.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.ForkJoinPool;

import org.junit.Test;

/** The common pool's workers get the system class loader as context loader, whichever thread makes them. */
public class CommonPoolThreadsTest {

    @Test
    public void aWorkerDoesNotTakeTheContextLoaderOfTheThreadThatMadeIt() throws Exception {
        ClassLoader makers = new URLClassLoader(new URL[0]);
        ForkJoinPool pool = new ForkJoinPool(1, new CommonPoolThreads(), null, false);
        Thread[] made = new Thread[1];
        Thread maker = new Thread(() -> made[0] = new CommonPoolThreads().newThread(pool));
        maker.setContextClassLoader(makers);
        maker.start();
        maker.join();
        assertSame(ClassLoader.getSystemClassLoader(), made[0].getContextClassLoader());
        pool.shutdown();
    }
}
