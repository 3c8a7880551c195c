package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class MemoryOffenderTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1_000_000_000L;
    /** Any nanoTime will do: only the differences count. */
    private static final long START = -7 * SECOND;

    private final MemoryOffender offenders = new MemoryOffender();

    private static PluginUse use(String id, long bundleId, long allocated) {
        return new PluginUse(id, bundleId, allocated, 1, 0.25);
    }

    @Test
    public void aYoungHoarderIsBlamedNotALongLivedPluginThatAllocatedMoreGarbage() {
        // an hour of 10 MiB/s garbage, sampled every second
        long churned = 0;
        for (int second = 0; second <= 3600; second++) {
            churned = second * 10 * MIB;
            offenders.sample(List.of(use("churner", 10, churned)), START + second * SECOND);
        }
        // then a young plugin keeps 300 MiB within five seconds, while the churner goes on
        long hoarded = 0;
        MemoryOffender.Blamed blamed = null;
        for (int second = 1; second <= 5; second++) {
            hoarded = second * 60 * MIB;
            List<PluginUse> running = List.of(use("churner", 10, churned + second * 10 * MIB),
                    use("hoarder", 11, hoarded));
            if (second < 5) {
                offenders.sample(running, START + (3600 + second) * SECOND);
            } else {
                blamed = offenders.among(running, START + (3600 + second) * SECOND).orElseThrow();
            }
        }
        assertTrue("the churner allocated more in all", churned > 100 * hoarded);
        assertEquals("hoarder", blamed.plugin().pluginId());
        // all it allocated, its earlier seconds weighed down by at most the half-life's decay
        assertTrue(blamed.recentBytes() <= hoarded && blamed.recentBytes() > hoarded / 2);
    }

    @Test
    public void recentAllocationDecaysByHalfEveryHalfLife() {
        offenders.sample(List.of(use("burst", 10, 0)), START);
        offenders.sample(List.of(use("burst", 10, 100 * MIB)), START + SECOND);
        long later = START + SECOND + MemoryOffender.HALF_LIFE_NANOS;
        assertEquals(50 * MIB, offenders.among(List.of(use("burst", 10, 100 * MIB)), later).orElseThrow().recentBytes());
    }

    @Test
    public void aPluginFirstSeenHasAllItAllocatedCounted() {
        assertEquals("only", offenders.among(List.of(use("only", 10, 5 * MIB)), START).orElseThrow().plugin()
                .pluginId());
    }

    @Test
    public void aPluginRefreshedUnderTheSameBundleStartsAgain() {
        offenders.sample(List.of(use("refreshed", 10, 500 * MIB)), START);
        // its new queue counts from zero: the old figures are not carried over
        assertEquals(3 * MIB, offenders.among(List.of(use("refreshed", 10, 3 * MIB)), START + SECOND).orElseThrow()
                .recentBytes());
    }

    @Test
    public void noPluginIsBlamedWhenNoneAllocatedMeasurably() {
        assertTrue(offenders.among(List.of(use("idle", 10, 0), use("unmeasured", 11, -1)), START).isEmpty());
        assertTrue(offenders.among(List.of(), START + SECOND).isEmpty());
    }
}
