package io.prsm.runtime.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class LatencyReservoirTest {

    @Test
    public void quantilesUseTheNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, LatencyReservoir.quantile(sorted, 0.50));
        assertEquals(95, LatencyReservoir.quantile(sorted, 0.95));
        assertEquals(99, LatencyReservoir.quantile(sorted, 0.99));
        assertEquals(0, LatencyReservoir.quantile(new long[0], 0.5));
    }

    @Test
    public void reservoirKeepsOnlyTheMostRecentSamples() {
        LatencyReservoir reservoir = new LatencyReservoir(3);
        for (long sample : new long[] { 9, 1, 5, 7 }) {
            reservoir.record(sample);
        }
        assertArrayEquals(new long[] { 1, 5, 7 }, reservoir.sortedSamples());
    }

    @Test
    public void drainingAnswersTheSamplesSinceTheLastDrainAndStartsAgainFromNone() {
        LatencyReservoir reservoir = new LatencyReservoir(3);
        reservoir.record(4);
        reservoir.record(2);
        assertArrayEquals(new long[] { 2, 4 }, reservoir.drainSorted());
        assertArrayEquals(new long[0], reservoir.drainSorted());
        for (long sample : new long[] { 9, 1, 5, 7 }) {
            reservoir.record(sample);
        }
        assertArrayEquals("the newest when more came than it holds", new long[] { 1, 5, 7 }, reservoir.drainSorted());
    }
}
