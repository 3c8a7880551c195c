package io.prsm.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.Test;

public class SettingsTest {

    private static Duration duration(String value) {
        return Settings.duration(Map.of("d", value)::get, "d", Duration.ofSeconds(7));
    }

    @Test
    public void durationsTakeSecondsMillisecondsAndMinutesAndABareNumberIsMilliseconds() {
        assertEquals(Duration.ofSeconds(10), duration("10s"));
        assertEquals(Duration.ofMillis(500), duration(" 500ms "));
        assertEquals(Duration.ofMinutes(2), duration("2M"));
        assertEquals(Duration.ofMillis(1500), duration("1500"));
        assertEquals(Duration.ofSeconds(7), Settings.duration(Map.<String, String>of()::get, "d", Duration.ofSeconds(7)));
    }

    @Test
    public void aDurationThatIsNotPositiveOrDoesNotParseIsRefusedNamingThePropertyAndAShortPrefix() {
        for (String wrong : new String[] { "abc", "0", "0s", "-5s", "10h", "1".repeat(5000) }) {
            IllegalArgumentException refused = assertThrows(wrong, IllegalArgumentException.class, () -> duration(wrong));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("d must be a positive duration such as 10s"));
            assertTrue(refused.getMessage(), refused.getMessage().length() < 200);
        }
    }
}
