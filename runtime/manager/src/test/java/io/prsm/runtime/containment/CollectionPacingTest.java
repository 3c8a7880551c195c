package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import io.prsm.runtime.containment.CollectionPacing.Outcome;

public class CollectionPacingTest {

    private static final long START = 1_000_000L;

    @Test
    public void theFirstWakeUpCollectsAtOnce() {
        assertEquals(0, new CollectionPacing().delayBeforeCollecting(START));
    }

    @Test
    public void aWakeUpRightAfterGarbageWasCollectedCollectsAgainAtOnce() {
        CollectionPacing pacing = new CollectionPacing();
        pacing.collected(START, Outcome.BELOW);
        // the regression: within a five-second cool-down this wake-up was answered from stale figures, and the
        // usage threshold, crossed already, never woke the guard again before the heap ran out
        assertEquals(0, pacing.delayBeforeCollecting(START + 1));
    }

    @Test
    public void afterAReleaseTheNextWakeUpCollectsAtOnce() {
        CollectionPacing pacing = new CollectionPacing();
        pacing.collected(START, Outcome.RELEASED);
        assertEquals(0, pacing.delayBeforeCollecting(START));
    }

    @Test
    public void aHeapStillHighWithNothingReleasedCoolsDownAndTheWakeUpWaitsForItsEnd() {
        CollectionPacing pacing = new CollectionPacing();
        pacing.collected(START, Outcome.STILL_HIGH);
        assertEquals(CollectionPacing.COOL_DOWN_NANOS - 1, pacing.delayBeforeCollecting(START + 1));
        assertEquals(0, pacing.delayBeforeCollecting(START + CollectionPacing.COOL_DOWN_NANOS));
        pacing.collected(START + CollectionPacing.COOL_DOWN_NANOS, Outcome.BELOW);
        assertEquals(0, pacing.delayBeforeCollecting(START + CollectionPacing.COOL_DOWN_NANOS + 1));
    }

    @Test
    public void nanoTimeWrappingAroundDoesNotStallTheGuard() {
        CollectionPacing pacing = new CollectionPacing();
        pacing.collected(Long.MAX_VALUE - 10, Outcome.STILL_HIGH);
        assertEquals(CollectionPacing.COOL_DOWN_NANOS - 20, pacing.delayBeforeCollecting(Long.MAX_VALUE + 10));
    }
}
