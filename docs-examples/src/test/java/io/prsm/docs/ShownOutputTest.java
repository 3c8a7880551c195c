package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class ShownOutputTest {

    @Test
    public void shownLinesMustAppearInOrderWithDotsForWhatChanges() {
        String printed = "JVM warning\nword-stats 1.0.0 -> 2.0.0, tasks held 15 ms\nexit code 1\n";
        assertNull(ShownOutput.missing("word-stats 1.0.0 -> 2.0.0, tasks held ... ms\nexit code 1", printed));
        assertEquals("exit code 0", ShownOutput.missing("word-stats ... ms\nexit code 0", printed));
        assertEquals("word-stats ...", ShownOutput.missing("exit code 1\nword-stats ...", printed));
    }
}
