package io.prsm.sample.units;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class UnitsTest {

    private final Units units = new Units();

    @Test
    public void convertsWithinAQuantity() {
        assertEquals(1.609344, units.convert(1, "mi", "km"), 1e-12);
        assertEquals(212.0, units.convert(100, "C", "F"), 1e-9);
        assertEquals(-40.0, units.convert(-40, "F", "C"), 1e-9);
        assertEquals(0.0, units.convert(273.15, "K", "C"), 1e-9);
        assertEquals(1024.0, units.convert(1, "MiB", "KiB"), 0.0);
        assertEquals(16.0, units.convert(1, "lb", "oz"), 1e-9);
    }

    @Test
    public void refusesToMixQuantities() {
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> units.convert(1, "kg", "m"));
        assertTrue(mixed.getMessage(), mixed.getMessage().contains("mass"));
        assertThrows(IllegalArgumentException.class, () -> units.convert(1, "parsec", "m"));
    }

    @Test
    public void formatsBytesForPeople() {
        assertEquals("512 B", Units.formatBytes(512, true, 1));
        assertEquals("1.5 KiB", Units.formatBytes(1536, true, 1));
        assertEquals("1.5 kB", Units.formatBytes(1500, false, 1));
        assertEquals("3.00 GiB", Units.formatBytes(3L * 1024 * 1024 * 1024, true, 2));
    }
}
