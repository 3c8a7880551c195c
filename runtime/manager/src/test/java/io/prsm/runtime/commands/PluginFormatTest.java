package io.prsm.runtime.commands;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

/** What other services add to {@code prsm:info} reads like the rest of it. */
public class PluginFormatTest {

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines);
    }

    @Test
    public void shortLabelsAreCapitalizedAndAlignedInTheInfosColumn() {
        assertEquals(lines(
                "Entitlements:   enforce (agent loaded)",
                "Direct memory:  1.0 MiB held in direct buffers",
                "CPU share:      measuring (declared 0.25 cores)"),
                PluginFormat.labelled(List.of("entitlements: enforce (agent loaded)",
                        "Direct memory: 1.0 MiB held in direct buffers", "CPU share: measuring (declared 0.25 cores)")));
    }

    @Test
    public void longerLabelsAlignTheirBlockInAColumnOfItsOwn() {
        assertEquals(lines(
                "Entitlements:          enforce (agent loaded)",
                "Entitlements declared: inbound *",
                "Threads started:       0 running (limit 4: containment.threads.sandbox allows 4)",
                "Direct memory:         0.0 MiB held in direct buffers"),
                PluginFormat.labelled(List.of("entitlements: enforce (agent loaded)", "Entitlements declared: inbound *",
                        "Threads started: 0 running (limit 4: containment.threads.sandbox allows 4)",
                        "Direct memory: 0.0 MiB held in direct buffers")));
    }

    @Test
    public void aLineWithoutALabelIsKeptAsItIs() {
        assertEquals(lines("Entitlements:   off", "no label here"),
                PluginFormat.labelled(List.of("entitlements: off", "no label here")));
    }
}
