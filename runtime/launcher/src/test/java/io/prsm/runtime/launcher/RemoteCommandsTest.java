package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** The remote commands take the words the shell's commands take. */
public class RemoteCommandsTest {

    private static String path(String... words) {
        return RemoteCommands.call(List.of(words)).path();
    }

    @Test
    public void auditTakesTheShellsNumberOfEntriesAndJsonFlag() {
        assertEquals("/api/v1/runtime/audit", path("audit"));
        assertEquals("/api/v1/runtime/audit?entries=2", path("audit", "2"));
        assertEquals("/api/v1/runtime/audit", path("audit", "--json"));
        assertEquals("/api/v1/runtime/audit?entries=5", path("audit", "--json", "5"));
    }

    @Test
    public void auditRefusesANumberThatIsNoCountSayingWhatItTakes() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> path("audit", "0"));
        assertEquals("audit takes a number of entries of at least 1, not '0'.", refused.getMessage());
        refused = assertThrows(IllegalArgumentException.class, () -> path("audit", "2", "3"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("it takes: audit [--json] [ENTRIES]"));
    }

    @Test
    public void listInfoAndMetricsTakeTheShellsJsonFlagAndMetricsAPlugin() {
        assertEquals("/api/v1/plugins", path("list", "--json"));
        assertEquals("/api/v1/plugins/word-stats", path("info", "--json", "word-stats"));
        assertEquals("/api/v1/runtime/metrics", path("metrics", "--json"));
        assertEquals("/api/v1/plugins/word-stats", path("metrics", "word-stats"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> path("metrics", "a", "b"));
        assertEquals("Wrong arguments for metrics; it takes: metrics [--json] [PLUGIN].", refused.getMessage());
    }
}
