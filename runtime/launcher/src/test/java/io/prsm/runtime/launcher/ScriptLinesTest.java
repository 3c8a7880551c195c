package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class ScriptLinesTest {

    @Test
    public void aLineThatIsNotUtf8IsThatLinesErrorAndTheNextLinesAreRead() throws Exception {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.write("\ufeffprsm:list\r\n".getBytes(StandardCharsets.UTF_8));
        script.write(new byte[] { 'p', 'r', 's', 'm', ':', (byte) 0xff, 'x', '\n' });
        script.write("prsm:info caf\u00e9\n".getBytes(StandardCharsets.UTF_8));
        script.write("last without newline".getBytes(StandardCharsets.UTF_8));
        try (ScriptLines lines = new ScriptLines(new ByteArrayInputStream(script.toByteArray()))) {
            assertEquals(new ScriptLines.Line(1, "prsm:list", null), lines.next());
            assertEquals(new ScriptLines.Line(2, null, "the line is not UTF-8 text (byte 0xFF at byte 6); save the "
                    + "script as UTF-8"), lines.next());
            assertEquals(new ScriptLines.Line(3, "prsm:info caf\u00e9", null), lines.next());
            assertEquals(new ScriptLines.Line(4, "last without newline", null), lines.next());
            assertNull(lines.next());
        }
    }

    @Test
    public void aLineLongerThanTheLimitIsThatLinesError() throws Exception {
        byte[] script = ("x".repeat(100) + "\nprsm:list\n").getBytes(StandardCharsets.UTF_8);
        try (ScriptLines lines = new ScriptLines(new ByteArrayInputStream(script), 10)) {
            assertEquals(new ScriptLines.Line(1, null, "the line is longer than 10 bytes"), lines.next());
            assertEquals(new ScriptLines.Line(2, "prsm:list", null), lines.next());
            assertNull(lines.next());
        }
    }
}
