package io.prsm.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.Test;

public class TaskSettingsTest {

    @Test
    public void missingPropertiesKeepTheDefaults() {
        assertEquals(TaskSettings.DEFAULTS, TaskSettings.from(name -> null));
        assertEquals(Duration.ofSeconds(30), TaskSettings.DEFAULTS.timeout());
    }

    /** The task settings table of docs/operations.md states the defaults the runtime really uses. */
    @Test
    public void operationsRunbookStatesTheDefaults() throws java.io.IOException {
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("\\| `(prsm\\.task\\.[a-z]+)` \\| ([^ |]+) \\|");
        Map<String, String> documented = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("../docs/operations.md"))) {
            java.util.regex.Matcher matcher = row.matcher(line.strip());
            if (matcher.find()) {
                documented.put(matcher.group(1), matcher.group(2));
            }
        }
        assertEquals(documented.toString(), 8, documented.size());
        assertEquals(documented.toString(), TaskSettings.DEFAULTS, TaskSettings.from(documented::get));
    }

    @Test
    public void propertiesOverrideTheDefaults() {
        Map<String, String> properties = Map.of("prsm.task.timeout", "5s", "prsm.task.queue", "7",
                "prsm.task.concurrency", "2", "prsm.task.backoff", "250ms", "prsm.task.drain", "1m");
        TaskSettings settings = TaskSettings.from(properties::get);
        assertEquals(Duration.ofSeconds(5), settings.timeout());
        assertEquals(7, settings.queueCapacity());
        assertEquals(2, settings.concurrency());
        assertEquals(Duration.ofMillis(250), settings.backoff());
        assertEquals(Duration.ofMinutes(1), settings.drainTimeout());
    }

    @Test
    public void spinIsMicrosecondsAndMayBeTurnedOff() {
        assertEquals(Duration.ofNanos(20_000), TaskSettings.from(Map.of("prsm.task.spin", "20us")::get).spin());
        assertEquals(Duration.ZERO, TaskSettings.from(Map.of("prsm.task.spin", "0")::get).spin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskSettings.from(Map.of("prsm.task.spin", "1s")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("prsm.task.spin"));
    }

    @Test
    public void malformedValueNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskSettings.from(Map.of("prsm.task.timeout", "soon")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("prsm.task.timeout"));
        e = assertThrows(IllegalArgumentException.class, () -> TaskSettings.from(Map.of("prsm.task.queue", "0")::get));
        assertTrue(e.getMessage(), e.getMessage().contains("prsm.task.queue"));
    }

    @Test
    public void eachBadValueIsOneLineNamingThePropertyAShortPrefixOfTheValueAndWhatIsAccepted() {
        Map<String, String> cases = Map.of("prsm.task.timeout=abc", "must be a positive duration such as 30s",
                "prsm.task.timeout=0", "must be a positive duration such as 30s",
                "prsm.task.drain=-1s", "must be a positive duration such as 30s",
                "prsm.task.concurrency=0", "must be a whole number of at least 1, not '0'",
                "prsm.task.retries=-1", "must be a whole number of at least 0, not '-1'",
                "prsm.task.queue=" + "9".repeat(5000), "must be a whole number of at least 1",
                "prsm.task.backoff=99999999999999999999s", "must be a positive duration");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            String[] setting = bad.getKey().split("=", 2);
            IllegalArgumentException e = assertThrows(bad.getKey(), IllegalArgumentException.class,
                    () -> TaskSettings.from(Map.of(setting[0], setting[1])::get));
            assertTrue(e.getMessage(), e.getMessage().startsWith(setting[0] + " " + bad.getValue()));
            assertTrue(e.getMessage(), e.getMessage().length() < 200 && !e.getMessage().contains("\n"));
        }
    }
}
