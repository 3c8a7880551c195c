package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Test;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.JarLimits;
import io.prsm.limits.OverLimitException;
import io.prsm.limits.fuzz.Jars;

/**
 * The scan's own reading, with nothing in front of it (a bundle installed without the plugin
 * manager's inspection reaches the scan as it is): it reads within the limits by itself.
 */
public class ScanLimitsTest {

    private final BytecodeScanner scanner = new BytecodeScanner(AllowList::standard, JarLimits.DEFAULTS);

    @Test
    public void aClassBombIsRefusedAfterItsLimitNotInflatedWhole() throws IOException {
        // written as a stream, the entry declares no size: only counting what inflates can stop it
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("io/bomb/Big.class"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        OverLimitException refused = assertThrows(OverLimitException.class,
                () -> scanner.scanJar(bytes.toByteArray(), SecurityLevel.SANDBOX));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry io/bomb/Big.class inflates to more than "
                + "16 MiB (prsm.jar.maxClassBytes)"));
    }

    @Test
    public void jarsNestedPastTheLimitAreRefusedNotSkipped() throws IOException {
        byte[] jar = jar("x/A.class", new byte[] { 1 });
        for (String name : new String[] { "c.jar", "b.jar", "lib/a.jar" }) {
            jar = jar(name, jar);
        }
        byte[] nested = jar;
        OverLimitException refused = assertThrows(OverLimitException.class,
                () -> scanner.scanJar(nested, SecurityLevel.ISOLATED));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry lib/a.jar!/b.jar!/c.jar is a jar nested 3 "
                + "deep; jars may nest at most 2 (prsm.jar.maxNesting)"));
    }

    private static byte[] jar(String entry, byte[] content) {
        return Jars.write(Map.of(entry, content));
    }
}
