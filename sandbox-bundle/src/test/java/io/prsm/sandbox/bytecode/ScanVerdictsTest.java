package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.SecurityLevel;

public class ScanVerdictsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final DenyList rules = DenyList.standard();

    @Test
    public void verdictsSurviveARestartForTheSameRevisionOnly() throws Exception {
        Path file = folder.getRoot().toPath().resolve("data/scan-verdicts.json");
        ScanVerdicts before = ScanVerdicts.load(file, rules);
        before.put(7, new ScanVerdicts.Verdict(1000, "file:/a.jar", SecurityLevel.SANDBOX, null));
        before.put(8, new ScanVerdicts.Verdict(2000, "file:/b.jar", SecurityLevel.ISOLATED, "forbidden API use: x"));
        before.save();

        ScanVerdicts after = ScanVerdicts.load(file, rules);
        assertEquals(List.of(7L, 8L), after.bundleIds());
        assertEquals("forbidden API use: x",
                after.find(8, 2000, "file:/b.jar", SecurityLevel.ISOLATED).orElseThrow().refusal());
        assertTrue(after.find(7, 1000, "file:/a.jar", SecurityLevel.SANDBOX).isPresent());
        assertTrue("an update changes the revision", after.find(7, 1001, "file:/a.jar", SecurityLevel.SANDBOX).isEmpty());
        assertTrue("another location", after.find(7, 1000, "file:/c.jar", SecurityLevel.SANDBOX).isEmpty());
        assertTrue("another level", after.find(7, 1000, "file:/a.jar", SecurityLevel.ISOLATED).isEmpty());
    }

    @Test
    public void unreadableOrForeignFilesMeanScanningAgain() throws Exception {
        Path file = folder.newFile("scan-verdicts.json").toPath();
        Files.writeString(file, "{ not json");
        assertEquals(List.of(), ScanVerdicts.load(file, rules).bundleIds());
        Files.writeString(file, "{\"denyList\": \"rules of an older release\", \"verdicts\": {\"7\": {\"lastModified\": 1,"
                + " \"location\": \"file:/a.jar\", \"level\": \"SANDBOX\", \"refusal\": null}}}");
        assertEquals("verdicts reached under other rules are dropped", List.of(), ScanVerdicts.load(file, rules).bundleIds());
    }
}
