package io.prsm.runtime.containment;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LowMemoryGuardTest {

    @Test
    public void theShareDefaultsAndCanBeTurnedOff() {
        assertEquals(LowMemoryGuard.DEFAULT_SHARE, LowMemoryGuard.shareFrom(null), 0);
        assertEquals(LowMemoryGuard.DEFAULT_SHARE, LowMemoryGuard.shareFrom(" "), 0);
        assertEquals(0.7, LowMemoryGuard.shareFrom("0.7"), 0);
        assertEquals(0, LowMemoryGuard.shareFrom("OFF"), 0);
    }

    @Test
    public void aShareOutOfRangeOrNotANumberIsRefusedNamingTheProperty() {
        for (String bad : new String[] { "1", "0.05", "most", "-0.5" }) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LowMemoryGuard.shareFrom(bad));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("prsm.memory.guard must be a share of the "
                    + "heap from 0.1 to 0.99 (default 0.8), or off; not '" + bad + "'"));
        }
    }
}
