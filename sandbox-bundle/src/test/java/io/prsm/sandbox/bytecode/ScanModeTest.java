package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;

public class ScanModeTest {

    @Test
    public void theScanRefusesUnlessTheOperatorAsksForReportsOnly() {
        assertTrue(ScanMode.from(name -> null).refuses());
        assertTrue(ScanMode.from(Map.of(ScanMode.PROPERTY, " Enforce ")::get).refuses());
        assertFalse(ScanMode.from(Map.of(ScanMode.PROPERTY, "report")::get).refuses());
    }

    @Test
    public void anUnknownModeIsOneLineNamingTheAllowedOnes() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> ScanMode.from(Map.of(ScanMode.PROPERTY, "off")::get)).getMessage();
        assertEquals("prsm.bytecode.scan=off is not a scan mode; use enforce or report", message);
    }
}
