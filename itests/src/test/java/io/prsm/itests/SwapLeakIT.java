package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Repeated swaps must not leak: after 200 swaps between two versions every replaced revision's
 * class loader is garbage-collected and the number of loaded classes does not grow with the
 * number of swaps.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapLeakIT extends PrsmTestSupport {

    private static final int SWAPS = 200;
    /** Far fewer than one class per swap: a leaked revision keeps its classes loaded. */
    private static final int CLASS_GROWTH_ALLOWED = SWAPS / 2;

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("leak");
    }

    @Test
    public void twoHundredSwapsLeaveNoClassLoaderBehind() throws Exception {
        String v1 = property("prsm.sample.wordStats1");
        String v2 = property("prsm.sample.wordStats2");
        Bundle bundle = context.getBundle(plugins.install(v1).bundleId());
        ReferenceQueue<ClassLoader> collected = new ReferenceQueue<>();
        List<Reference<ClassLoader>> replaced = new ArrayList<>();
        long classesBefore = 0;
        for (int swap = 0; swap < SWAPS; swap++) {
            if (swap == 10) {
                collectUntil(collected, replaced.size(), replaced);
                classesBefore = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
            }
            replaced.add(new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader(), collected));
            plugins.swap("word-stats", swap % 2 == 0 ? v2 : v1);
            assertTrue(execute("word-stats", "count", Map.of("text", "leak check")).success());
        }
        int cleared = collectUntil(collected, SWAPS, replaced);
        assertEquals("class loaders of replaced revisions still reachable", SWAPS, cleared);
        long growth = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount() - classesBefore;
        assertTrue("loaded classes grew by " + growth + " over " + (SWAPS - 10) + " swaps",
                growth < CLASS_GROWTH_ALLOWED);
        assertEquals(0, plugins.info("word-stats").metrics().failed());
    }

    /**
     * Asks for collections until {@code expected} references are cleared, waiting on the
     * reference queue (the collector's event) at most the safety time; returns how many were.
     */
    private static int collectUntil(ReferenceQueue<ClassLoader> collected, int expected,
            List<Reference<ClassLoader>> references) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        int cleared = (int) references.stream().filter(reference -> reference.get() == null).count();
        while (cleared < expected && System.nanoTime() < deadline) {
            System.gc();
            for (Reference<?> done = collected.remove(200); done != null; done = collected.poll()) {
                // counted below from the references themselves: enqueueing only says the collector ran
            }
            cleared = (int) references.stream().filter(reference -> reference.get() == null).count();
        }
        return cleared;
    }
}
