package io.prsm.runtime.containment;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;

import org.junit.Test;

public class CollectionWatchTest {

    /** Bounds the wait only; the watch returns as soon as the loader is collected. */
    private static final Duration SAFETY = Duration.ofSeconds(30);

    @Test
    public void aClassLoaderNothingReachesIsSeenCollected() throws Exception {
        CollectionWatch watch = watchNewLoader();
        assertTrue(watch.awaitCollected(SAFETY));
    }

    @Test
    public void aClassLoaderStillReachedIsNotSeenCollected() throws Exception {
        ClassLoader held = new URLClassLoader(new URL[0], null);
        CollectionWatch watch = new CollectionWatch(held);
        assertFalse(watch.awaitCollected(Duration.ofMillis(200)));
        // held to here: the watch must not have taken it for collected
        assertTrue(held.getParent() == null);
    }

    /** In a method of its own, so that no frame of the test keeps the loader. */
    private static CollectionWatch watchNewLoader() {
        return new CollectionWatch(new URLClassLoader(new URL[0], null));
    }
}
