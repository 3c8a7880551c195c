package io.prsm.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

import org.junit.Test;

import io.prsm.limits.fuzz.Bombs;

public class JarInspectorTest {

    /** Small limits, so a test's bomb is small too; the defaults are tested against real-size bombs in the distribution's tests. */
    private static final JarLimits SMALL = new JarLimits(1 << 20, 50, 1 << 20, 3 << 20, 4096, 20, 256 << 10, 2);

    private final JarInspector small = new JarInspector(SMALL);

    @Test
    public void theSamplePluginIsReadWithItsHeadersAndNoProblem() throws Exception {
        JarInspection inspection = new JarInspector(JarLimits.DEFAULTS).inspect(TestJars.sample());
        assertTrue(inspection.hasManifest());
        assertEquals(inspection.problems().toString(), 0, inspection.problems().size());
        assertEquals("io.prsm.sample.analytics.dashboard", inspection.headers().get("Bundle-SymbolicName"));
        assertTrue(inspection.entries() > 5);
    }

    @Test
    public void aClassThatDeclaresMoreThanTheClassLimitIsRefusedBeforeItIsInflated() {
        byte[] bomb = TestJars.jar().zeros("io/x/Big.class", 40L << 20).bytes();
        assertTrue("the bomb is small: " + bomb.length, bomb.length < 100_000);
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry io/x/Big.class declares 41943040 bytes, "
                + "more than 256 KiB (prsm.jar.maxClassBytes)"));
        assertOneLine(refused.getMessage());
    }

    @Test
    public void aClassThatInflatesPastTheClassLimitIsRefusedWhateverItDeclares() {
        byte[] bomb = TestJars.declaring(TestJars.jar().zeros("io/x/Big.class", 40L << 20).bytes(), "io/x/Big.class", 10);
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry io/x/Big.class inflates to more than "
                + "256 KiB (prsm.jar.maxClassBytes)"));
        assertOneLine(refused.getMessage());
    }

    @Test
    public void aResourceOverTheEntryLimitIsRefused() {
        byte[] bomb = TestJars.declaring(TestJars.jar().zeros("data/big.bin", 2L << 20).bytes(), "data/big.bin", 10);
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(bomb));
        assertTrue(refused.getMessage(), refused.getMessage().contains("data/big.bin inflates to more than 1 MiB "
                + "(prsm.jar.maxEntryBytes)"));
    }

    @Test
    public void entriesUnderTheirLimitButOverTheJarsLimitTogetherAreRefused() {
        TestJars jar = TestJars.jar();
        for (int i = 0; i < 5; i++) {
            jar.zeros("data/part" + i + ".bin", 900 << 10);
        }
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(jar.bytes()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("3 MiB in all"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("prsm.jar.maxInflatedBytes"));
    }

    @Test
    public void tooManyEntriesAreRefusedBeforeOneIsRead() {
        TestJars jar = TestJars.jar();
        for (int i = 0; i < 60; i++) {
            jar.entry("e" + i, "x");
        }
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(jar.bytes()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("more than 50 entries (prsm.jar.maxEntries)"));
    }

    @Test
    public void aManifestOverItsSizeOrHeaderLimitIsRefused() {
        StringBuilder big = new StringBuilder(TestJars.MANIFEST.replace("\r\n\r\n", "\r\n"));
        for (int i = 0; big.length() < 5000; i++) {
            big.append("X-Padding-").append(i).append(": ").append("y".repeat(60)).append("\r\n");
        }
        OverLimitException size = assertThrows(OverLimitException.class, () -> small.inspect(
                TestJars.declaring(TestJars.jar().manifest(big.toString()).bytes(), "META-INF/MANIFEST.MF", 100)));
        assertTrue(size.getMessage(), size.getMessage().contains("META-INF/MANIFEST.MF inflates to more than 4 KiB"));

        StringBuilder many = new StringBuilder("Manifest-Version: 1.0\r\n");
        for (int i = 0; i < 30; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        OverLimitException headers = assertThrows(OverLimitException.class,
                () -> small.inspect(TestJars.jar().manifest(many.toString()).bytes()));
        assertTrue(headers.getMessage(), headers.getMessage().contains("more than 20 headers in its main section "
                + "(prsm.jar.maxManifestHeaders)"));
    }

    @Test
    public void aManifestOfRepeatedHeadersIsRefusedAtItsLimitNotParsedWhole() {
        // the issue's manifest repeats one header until it inflates to 1.1 GB; this one to 64 MiB
        TestJars repeated = new TestJars();
        String line = "Bundle-SymbolicName: x\r\n";
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] lineBytes = line.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < (64 << 20) / lineBytes.length; i++) {
            text.write(lineBytes, 0, lineBytes.length);
        }
        repeated.entry("META-INF/MANIFEST.MF", text.toByteArray());
        OverLimitException refused = assertThrows(OverLimitException.class, () -> new JarInspector(JarLimits.DEFAULTS)
                .inspect(TestJars.declaring(repeated.bytes(), "META-INF/MANIFEST.MF", 100)));
        assertTrue(refused.getMessage(), refused.getMessage().contains("MANIFEST.MF inflates to more than 1 MiB "
                + "(prsm.jar.maxManifestBytes)"));
    }

    @Test
    public void aRepeatedHeaderIsAProblemNamingItAndTheLines() throws Exception {
        JarInspection inspection = small.inspect(TestJars.jar().manifest("Manifest-Version: 1.0\r\n"
                + "Bundle-SymbolicName: a\r\nBundle-Version: 1.0.0\r\nbundle-symbolicname: b\r\n\r\n").bytes());
        assertEquals(1, inspection.problems().size());
        assertEquals("The manifest's header bundle-symbolicname appears twice in the main section (lines 2 and 4); "
                + "the framework refuses a repeated header: keep one.", inspection.problems().get(0));
    }

    @Test
    public void jarsNestedDeeperThanTheLimitAreRefused() {
        byte[] inner = TestJars.jar().entry("a/A.class", "x").bytes();
        byte[] middle = new TestJars().entry("inner.jar", inner).bytes();
        byte[] outer = new TestJars().entry("middle.jar", middle).bytes();
        JarLimits oneDeep = new JarLimits(1 << 20, 50, 1 << 20, 3 << 20, 4096, 20, 256 << 10, 1);
        OverLimitException refused = assertThrows(OverLimitException.class,
                () -> new JarInspector(oneDeep).inspect(TestJars.jar().entry("lib/outer.jar", outer).bytes()));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry lib/outer.jar!/middle.jar is a jar "
                + "nested 2 deep; jars may nest at most 1 (prsm.jar.maxNesting)"));
    }

    @Test
    public void aBombInANestedJarIsRefusedNamingItsPath() {
        byte[] nested = TestJars.declaring(TestJars.jar().zeros("x/Big.class", 8L << 20).bytes(), "x/Big.class", 10);
        OverLimitException refused = assertThrows(OverLimitException.class,
                () -> small.inspect(TestJars.jar().entry("lib/a.jar", nested).bytes()));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Entry lib/a.jar!/x/Big.class inflates"));
    }

    @Test
    public void aCorruptJarOnTheBundleClassPathIsAProblem() throws Exception {
        JarInspection inspection = small.inspect(TestJars.jar().manifest(TestJars.MANIFEST.replace("\r\n\r\n",
                "\r\nBundle-ClassPath: .,lib/broken.jar\r\n\r\n")).entry("lib/broken.jar", "not a jar at all").bytes());
        assertEquals(inspection.problems().toString(), 1, inspection.problems().size());
        assertTrue(inspection.problems().get(0), inspection.problems().get(0).startsWith("Bundle-ClassPath names "
                + "lib/broken.jar, which is not a valid jar ("));
    }

    @Test
    public void aCorruptJarOffTheClassPathIsNoProblem() throws Exception {
        JarInspection inspection = small.inspect(TestJars.jar().entry("fixtures/broken.jar", "not a jar").bytes());
        assertEquals(inspection.problems().toString(), 0, inspection.problems().size());
    }

    @Test
    public void anEntryThatHoldsMoreThanItDeclaresIsRefusedAsCorrupt() {
        // the framework allocates what the directory declares and would read the class cut short
        byte[] jar = TestJars.declaring(TestJars.jar().entry("x/A.class", "abcdefgh").bytes(), "x/A.class", 3);
        ZipException refused = assertThrows(ZipException.class, () -> small.inspect(jar));
        assertEquals("entry x/A.class declares 3 bytes but holds 8", refused.getMessage());
    }

    @Test
    public void aStoredEntryWhoseDirectoryRecordLiesIsAProblem() throws Exception {
        byte[] jar = TestJars.storedEntry("x/A.class", "abc".getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN);
        int record = centralRecord(jar, "x/A.class");
        buffer.putInt(record + 20, 40);
        buffer.putInt(record + 24, 40);
        JarInspection inspection = small.inspect(jar);
        assertTrue(inspection.problems().toString(), inspection.problems().get(0).startsWith("Entry x/A.class reads "
                + "differently"));
    }

    @Test
    public void anEntryThatDeclaresMoreThanItsLimitIsRefusedBeforeItIsInflated() throws Exception {
        byte[] jar = TestJars.storedEntry("x/A.class", "abc".getBytes(StandardCharsets.UTF_8));
        ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN).putInt(centralRecord(jar, "x/A.class") + 24, 1 << 30);
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(jar));
        assertTrue(refused.getMessage(), refused.getMessage().contains("declares 1073741824 bytes"));
    }

    @Test
    public void codeHiddenFromTheStreamOfEntriesIsReported() throws Exception {
        byte[] benign = "benign".getBytes(StandardCharsets.UTF_8);
        byte[] hidden = "HIDDEN".getBytes(StandardCharsets.UTF_8);
        // a stored padding entry carries a complete local entry for x/A.class with other content;
        // the directory is then pointed at it, so only a reader of the directory sees it
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(hidden);
        header.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) crc.getValue()).putInt(hidden.length).putInt(hidden.length)
                .putShort((short) "x/A.class".length()).putShort((short) 0);
        local.write(header.array());
        local.write("x/A.class".getBytes(StandardCharsets.UTF_8));
        local.write(hidden);
        byte[] jar = TestJars.jar().entry("x/A.class", benign).stored("pad.bin", local.toByteArray()).bytes();
        int padData = indexOf(jar, local.toByteArray());
        ByteBuffer buffer = ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN);
        int record = centralRecord(jar, "x/A.class");
        buffer.putShort(record + 10, (short) 0).putInt(record + 16, (int) crc.getValue())
                .putInt(record + 20, hidden.length).putInt(record + 24, hidden.length).putInt(record + 42, padData);
        JarInspection inspection = small.inspect(jar);
        assertTrue(inspection.problems().toString(), inspection.problems().contains("Entry x/A.class reads differently "
                + "through the jar's directory and its stream of entries, a sign of a tampered jar. Rebuild the jar."));
    }

    @Test
    public void aRepeatedEntryIsAProblem() throws Exception {
        byte[] jar = TestJars.jar().entry("x/A.class", "one").entry("x/B.class", "two").bytes();
        // rename B to A in both the local header and the directory
        byte[] renamed = new String(jar, StandardCharsets.ISO_8859_1).replace("x/B.class", "x/A.class")
                .getBytes(StandardCharsets.ISO_8859_1);
        JarInspection inspection = small.inspect(renamed);
        assertTrue(inspection.problems().toString(), inspection.problems().get(0).startsWith("Entry x/A.class appears "
                + "twice in the jar"));
    }

    @Test
    public void somethingThatIsNotAJarIsRefusedInOneLine() {
        ZipException refused = assertThrows(ZipException.class,
                () -> small.inspect("this is not a jar\nat all".getBytes(StandardCharsets.UTF_8)));
        assertOneLine(refused.getMessage());
        assertFalse(refused.getMessage().contains("at all"));
    }

    @Test
    public void aJarLargerThanTheLimitIsRefusedBeforeItIsOpened() {
        OverLimitException refused = assertThrows(OverLimitException.class, () -> small.inspect(new byte[(1 << 20) + 1]));
        assertTrue(refused.getMessage(), refused.getMessage().contains("larger than 1 MiB (prsm.jar.maxBytes)"));
    }

    /** The issue's jar: 1.2 MB whose class inflates to 1.2 GB; "valid" before, inflated on every validate and install. */
    @Test
    public void theIssuesClassBombIsRefusedWithTheDefaultLimitsWhatEverItDeclares() throws Exception {
        Map<String, byte[]> sample = Map.of("META-INF/MANIFEST.MF", TestJars.MANIFEST.getBytes(StandardCharsets.UTF_8));
        JarInspector defaults = new JarInspector(JarLimits.DEFAULTS);
        byte[] honest = Bombs.jar(sample, "io/x/Big.class", 1200L << 20, 1200L << 20);
        assertTrue("1.2 MB: " + honest.length, honest.length < 2_000_000);
        assertTrue(assertThrows(OverLimitException.class, () -> defaults.inspect(honest)).getMessage()
                .startsWith("Entry io/x/Big.class declares 1258291200 bytes, more than 16 MiB (prsm.jar.maxClassBytes)"));
        byte[] lying = Bombs.jar(sample, "io/x/Big.class", 1200L << 20, 900);
        assertTrue(assertThrows(OverLimitException.class, () -> defaults.inspect(lying)).getMessage()
                .startsWith("Entry io/x/Big.class inflates to more than 16 MiB (prsm.jar.maxClassBytes)"));
    }

    @Test
    public void aBombIsAJarWhoseEntryInflatesToItsSize() throws Exception {
        byte[] bomb = Bombs.jar(Map.of(), "data/zeros.bin", 64L << 20, 64L << 20);
        JarInspection inspection = new JarInspector(JarLimits.DEFAULTS).inspect(bomb);
        assertEquals(List.of(), inspection.problems());
        assertEquals(1, inspection.entries());
    }

    static void assertOneLine(String message) {
        assertFalse(message, message.contains("\n") || message.contains("\r"));
        assertTrue(message, message.length() < 600);
    }

    /** The offset of the central directory record of {@code name}. */
    static int centralRecord(byte[] jar, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < jar.length; i++) {
            if (buffer.getInt(i) == 0x02014b50) {
                int length = buffer.getShort(i + 28) & 0xffff;
                if (new String(jar, i + 46, length, StandardCharsets.UTF_8).equals(name)) {
                    return i;
                }
            }
        }
        throw new AssertionError("no directory record for " + name);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
