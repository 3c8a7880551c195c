package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class MemoryOffenderTest {

    @Test
    public void thePluginThatAllocatedTheMostIsBlamed() {
        PluginUse small = new PluginUse("small", 10, 5_000_000, 1, 0.25);
        PluginUse keeper = new PluginUse("keeper", 11, 200_000_000, 1, 0.25);
        PluginUse unmeasured = new PluginUse("unmeasured", 12, -1, 1, 0.25);
        assertEquals("keeper", MemoryOffender.among(List.of(small, keeper, unmeasured)).orElseThrow().pluginId());
    }

    @Test
    public void noPluginIsBlamedWhenNoneAllocatedMeasurably() {
        assertTrue(MemoryOffender.among(List.of(new PluginUse("idle", 10, 0, 0, 0.25), new PluginUse("unmeasured", 11, -1,
                -1, 0.25))).isEmpty());
        assertTrue(MemoryOffender.among(List.of()).isEmpty());
    }
}
