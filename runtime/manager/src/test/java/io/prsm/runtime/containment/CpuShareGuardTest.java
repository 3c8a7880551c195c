package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class CpuShareGuardTest {

    private static final long SECOND = 1_000_000_000L;

    /** A plugin whose CPU time the test sets, and a record of what the guard did. */
    private static final class Plugins implements GuardedPlugins {
        long cpu;
        boolean quarantineOverShare;
        /** What the plugin's lifecycle answers a throttle: false while it is not active. */
        boolean throttles = true;
        final List<String> acts = new ArrayList<>();

        @Override
        public List<PluginUse> running() {
            return acts.stream().anyMatch(act -> act.startsWith("quarantine")) ? List.of()
                    : List.of(new PluginUse("burner", 42, 0, cpu, 0.25));
        }

        @Override
        public boolean quarantineAndRelease(PluginUse plugin, String reason) {
            acts.add("release " + reason);
            return true;
        }

        @Override
        public void hold(PluginUse plugin) {
            acts.add("hold");
        }

        @Override
        public void release(PluginUse plugin) {
            acts.add("end hold");
        }

        @Override
        public void quarantine(PluginUse plugin, String reason) {
            acts.add("quarantine " + reason);
        }

        @Override
        public boolean throttle(PluginUse plugin, String reason) {
            acts.add("throttle " + reason);
            return throttles;
        }

        @Override
        public boolean resume(PluginUse plugin, String reason) {
            acts.add("resume " + reason);
            return true;
        }

        @Override
        public boolean quarantineOverCpuShare() {
            return quarantineOverShare;
        }
    }

    private final AtomicLong clock = new AtomicLong();
    private final Plugins plugins = new Plugins();
    private final CpuShareGuard guard = new CpuShareGuard(plugins, Duration.ofSeconds(10), clock::get);

    /** Advances the clock by a second, in which the plugin used {@code cpuSeconds} of CPU, and samples. */
    private void second(double cpuSeconds) {
        clock.addAndGet(SECOND);
        plugins.cpu += (long) (cpuSeconds * SECOND);
        guard.sample();
    }

    @Test
    public void aPluginOverItsShareIsThrottledUntilItsUseFallsBackThenResumed() {
        guard.sample();
        for (int s = 0; s < 9; s++) {
            second(0.5);
        }
        assertEquals("CPU share: measuring (declared 0.25 cores)", guard.describe("burner").orElseThrow());
        second(0.5);
        assertEquals(List.of("throttle Plugin 'burner' is throttled: it used 0.50 of its declared 0.25 cores over the "
                + "last 10 s; its queue is paused until its use falls back within its share. Check the plugin or "
                + "declare a higher cpu share."), plugins.acts);
        assertTrue(guard.describe("burner").orElseThrow().endsWith("; throttled, its queue is paused"));
        // paused: no more CPU; the window slides until half of it is idle
        for (int s = 0; s < 4; s++) {
            second(0);
        }
        assertEquals(1, plugins.acts.size());
        second(0);
        assertEquals(2, plugins.acts.size());
        assertEquals("resume back within its share: 0.25 of its declared 0.25 cores over the last 10 s; its queue runs "
                + "again", plugins.acts.get(1));
    }

    @Test
    public void withThePolicySayingQuarantineAPluginOverItsShareIsQuarantinedOnce() {
        plugins.quarantineOverShare = true;
        guard.sample();
        for (int s = 0; s < 12; s++) {
            second(1);
        }
        assertEquals(1, plugins.acts.size());
        assertTrue(plugins.acts.get(0), plugins.acts.get(0).startsWith("quarantine Plugin 'burner' is quarantined: it "
                + "used 1.00 of its declared 0.25 cores over the last 10 s (containment.over_cpu_share quarantine in "
                + "policy.json)"));
    }

    @Test
    public void aPluginWithinItsShareIsLeftAlone() {
        guard.sample();
        for (int s = 0; s < 20; s++) {
            second(0.2);
        }
        assertTrue(plugins.acts.isEmpty());
        assertEquals("CPU share: 0.20 of its declared 0.25 cores over the last 10 s", guard.describe("burner")
                .orElseThrow());
    }

    @Test
    public void aPluginItsLifecycleDoesNotThrottleIsNotShownThrottledNorResumed() {
        plugins.throttles = false; // stopping or swapping when the guard acts
        guard.sample();
        for (int s = 0; s < 10; s++) {
            second(0.5);
        }
        assertEquals(1, plugins.acts.size());
        assertTrue(plugins.acts.get(0), plugins.acts.get(0).startsWith("throttle "));
        assertEquals("CPU share: 0.50 of its declared 0.25 cores over the last 10 s", guard.describe("burner")
                .orElseThrow());
        for (int s = 0; s < 10; s++) {
            second(0);
        }
        assertTrue("nothing to resume", plugins.acts.stream().noneMatch(act -> act.startsWith("resume")));
    }
}
