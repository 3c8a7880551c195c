package io.prsm.platform;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.prsm.api.containment.Checkpoint;
import io.prsm.api.containment.PluginCodeStopped;

public class CodeStopsTest {

    private static final int CHECKS = 200_000;

    @Test
    public void whileAnotherThreadsBundleStopIsRaisedTheChecksHereAllocateNothing() {
        // the task's allocation is charged to its plugin's memory: a check must not allocate for another's stop
        Thread other = new Thread(() -> { });
        CodeStops.raise(other, 7, "bundle 7 stopped there");
        try {
            checks();
            long before = allocated();
            checks();
            double perCheck = (allocated() - before) / (double) CHECKS;
            // a few hundred bytes in all are the JVM's own (compiling the checks); a key made per check was 24 bytes each
            assertTrue(perCheck + " bytes allocated per check", perCheck < 1);
            assertTrue(CodeStops.raised(other, 7));
            assertFalse(CodeStops.raised(Thread.currentThread(), 7));
        } finally {
            CodeStops.lower(other, 7);
        }
        assertFalse(CodeStops.anyRaised());
    }

    @Test
    public void aBundleStopOnThisThreadStopsThatBundlesChecksAloneAndIsLoweredAloneToo() {
        Thread self = Thread.currentThread();
        CodeStops.raise(self, 7, "bundle 7 stopped");
        CodeStops.raise(self, 8, "bundle 8 stopped");
        try {
            assertEquals("bundle 7 stopped", assertThrows(PluginCodeStopped.class, () -> Checkpoint.check(7)).getMessage());
            Checkpoint.check(9);
            Checkpoint.check();
            CodeStops.lower(self, 7);
            Checkpoint.check(7);
            assertEquals("bundle 8 stopped", assertThrows(PluginCodeStopped.class, () -> Checkpoint.check(8)).getMessage());
            assertTrue(CodeStops.anyRaised());
        } finally {
            CodeStops.lower(self, 7);
            CodeStops.lower(self, 8);
        }
        assertFalse(CodeStops.anyRaised());
        Checkpoint.check(8);
    }

    @Test
    public void theChecksGoBackToNothingOnlyAfterAQuietSpellThatDoublesWithEachSwitch() {
        // a plugin whose own tasks are stopped many times a second must not make every woven method recompile as often
        Thread other = new Thread(() -> { });
        boolean switches = CodeStops.checksCompiledAway();
        long millisecond = TimeUnit.MILLISECONDS.toNanos(1);

        CodeStops.raise(other, "stopped");
        assertTrue(CodeStops.checking());
        CodeStops.lower(other);
        long lowered = System.nanoTime();
        long spell = CodeStops.quietSpell();
        assertTrue("still on after the last lower", CodeStops.checking());
        CodeStops.settle(lowered + spell - millisecond);
        assertTrue("on until the quiet spell has passed", CodeStops.checking());
        CodeStops.settle(lowered + spell);
        assertEquals(!switches, CodeStops.checking());

        CodeStops.raise(other, "stopped again");
        assertTrue(CodeStops.checking());
        CodeStops.lower(other);
        long again = System.nanoTime();
        long doubled = switches ? Math.min(2 * spell, TimeUnit.SECONDS.toNanos(64)) : spell;
        assertEquals(doubled, CodeStops.quietSpell());
        CodeStops.settle(again + doubled - millisecond);
        assertTrue("the spell doubled", CodeStops.checking());
        CodeStops.settle(again + doubled);
        assertEquals(!switches, CodeStops.checking());
    }

    @Test
    public void whileAStopIsRaisedChecksOnOtherThreadsPassAndOnTheStoppedOneThrow() throws Exception {
        Thread self = Thread.currentThread();
        Thread other = new Thread(() -> { });
        CodeStops.raise(other, "the other one");
        try {
            Checkpoint.check();
            Checkpoint.check(3);
            CodeStops.raise(self, "this one");
            assertEquals("this one", assertThrows(PluginCodeStopped.class, Checkpoint::check).getMessage());
            assertEquals("this one", assertThrows(PluginCodeStopped.class, () -> Checkpoint.check(3)).getMessage());
        } finally {
            CodeStops.lower(self);
            CodeStops.lower(other);
        }
        Checkpoint.check();
    }

    private static void checks() {
        for (int i = 0; i < CHECKS; i++) {
            Checkpoint.check(42);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
