package io.prsm.runtime.embed;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Test;

public class LogSettingsTest {

    private static final Path LOGS = Path.of("/srv/prsm-data/logs");

    @Test
    public void byDefaultTheFileHasInfoAndTheConsoleWarningsWithoutTraces() {
        String xml = LogSettings.DEFAULT.xml(LOGS);
        assertTrue(xml, xml.contains("<file>/srv/prsm-data/logs/prsm.log</file>"));
        assertTrue(xml, xml.contains("<root level=\"info\">"));
        assertTrue(xml, xml.contains("<level>warn</level>"));
        assertTrue(xml, xml.contains("%nopex"));
        // the console is written from Logback's thread, never from a cancelled command's
        assertTrue(xml, xml.contains("<appender-ref ref=\"CONSOLE_ASYNC\"/>\n  </root>"));
        assertTrue(xml, xml.contains("<discardingThreshold>0</discardingThreshold>"));
    }

    @Test
    public void debugShowsEverythingWithTraces() {
        String xml = new LogSettings("warn", true).xml(LOGS);
        assertTrue(xml, xml.contains("<root level=\"debug\">") && xml.contains("<level>debug</level>"));
        assertFalse(xml, xml.contains("%nopex"));
    }

    @Test
    public void httpOffOnPurposeSilencesOnlyFelixHttpsWarnings() {
        String off = LogSettings.DEFAULT.xml(LOGS, true);
        assertTrue(off, off.contains("<logger name=\"org.apache.felix.http\" level=\"error\"/>"));
        assertFalse(LogSettings.DEFAULT.xml(LOGS, false).contains("org.apache.felix.http"));
    }

    @Test
    public void downloadProgressReachesTheConsoleWhateverTheLevel() {
        String xml = new LogSettings("error", false).xml(LOGS);
        assertTrue(xml, xml.contains("<logger name=\"io.prsm.progress\" level=\"info\" additivity=\"false\">"));
        assertTrue(xml, xml.indexOf("<appender name=\"CONSOLE_PROGRESS\"") < xml.indexOf("<appender name=\"PROGRESS\""));
    }

    @Test
    public void aLevelThatIsNoLevelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogSettings("loud", false));
        assertTrue(e.getMessage(), e.getMessage().contains("trace, debug, info, warn or error"));
    }
}
