package io.prsm.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

public class JarManifestTest {

    private static JarManifest read(String text) throws OverLimitException {
        return JarManifest.read(text.getBytes(StandardCharsets.UTF_8), JarLimits.DEFAULTS);
    }

    @Test
    public void continuationLinesJoinAndSectionsAfterTheMainOneAreNotHeaders() throws Exception {
        JarManifest manifest = read("Manifest-Version: 1.0\nImport-Package: a,\r\n b;version=\"[1,2)\"\n\nName: x/A.class\n"
                + "SHA-256-Digest: abc\n\nName: x/B.class\nSHA-256-Digest: def\n");
        assertEquals(List.of(), manifest.problems());
        assertEquals("a,b;version=\"[1,2)\"", manifest.main().get("Import-Package"));
        assertEquals(2, manifest.main().size());
    }

    @Test
    public void whatTheFrameworkRefusesIsReportedOneLineEach() throws Exception {
        JarManifest manifest = read("Manifest-Version: 1.0\nBundle-Version: 1\nBundle-Version: 2\nno colon here\n"
                + "Bad Name: x\nNo-Space:x\n continued\n\nName: a\nDigest: 1\ndigest: 2\n");
        assertEquals(List.of(
                "The manifest's header Bundle-Version appears twice in the main section (lines 2 and 3); the framework "
                        + "refuses a repeated header: keep one.",
                "The manifest's line 4 is not a header: write it as Name: value.",
                "The manifest's line 5: 'Bad Name' is not a header name (letters, digits, - and _, at most 70).",
                "The manifest's line 6: header No-Space needs a space after its colon.",
                "The manifest's line 7 continues a header, but no header comes before it.",
                "The manifest's header digest appears twice in section 2 (lines 10 and 11); the framework refuses a "
                        + "repeated header: keep one."), manifest.problems());
    }

    @Test
    public void textThatIsNotUtf8IsAProblem() throws Exception {
        byte[] text = "Manifest-Version: 1.0\nBundle-Name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        JarManifest manifest = JarManifest.read(text, JarLimits.DEFAULTS);
        assertEquals(List.of("The manifest's header Bundle-Name (line 2) is not UTF-8 text."), manifest.problems());
    }

    @Test
    public void thousandsOfProblemsAreCountedNotListed() throws Exception {
        StringBuilder text = new StringBuilder("Manifest-Version: 1.0\n\nName: x\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("Digest: ").append(i).append('\n');
        }
        JarManifest manifest = read(text.toString());
        assertEquals(JarManifest.NAMED_PROBLEMS + 1, manifest.problems().size());
        assertTrue(manifest.problems().get(JarManifest.NAMED_PROBLEMS), manifest.problems()
                .get(JarManifest.NAMED_PROBLEMS).equals("The manifest has 99989 more problems of these kinds."));
    }
}
