package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class CpuWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    public void theShareIsUnknownUntilTheSamplesSpanAWholeWindow() {
        CpuWindow window = new CpuWindow(10 * SECOND);
        assertEquals(-1, window.share(), 0);
        window.add(0, 0);
        window.add(5 * SECOND, 5 * SECOND);
        assertEquals(-1, window.share(), 0);
        window.add(10 * SECOND, 6 * SECOND);
        assertEquals(0.6, window.share(), 1e-9);
    }

    @Test
    public void useOlderThanTheWindowNoLongerCounts() {
        CpuWindow window = new CpuWindow(10 * SECOND);
        // a busy first ten seconds (one full core), then idle
        for (long t = 0; t <= 10; t++) {
            window.add(t * SECOND, t * SECOND);
        }
        assertEquals(1.0, window.share(), 1e-9);
        for (long t = 11; t <= 20; t++) {
            window.add(t * SECOND, 10 * SECOND);
        }
        assertEquals(0.0, window.share(), 1e-9);
    }

    @Test
    public void halfwayThroughTheIdleTailTheShareIsHalf() {
        CpuWindow window = new CpuWindow(10 * SECOND);
        for (long t = 0; t <= 10; t++) {
            window.add(t * SECOND, t * SECOND);
        }
        for (long t = 11; t <= 15; t++) {
            window.add(t * SECOND, 10 * SECOND);
        }
        // from 5 s to 15 s: five seconds of CPU in ten
        assertEquals(0.5, window.share(), 1e-9);
    }
}
