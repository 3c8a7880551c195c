package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.SecurityLevel;

public class ScanVerdictsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();


    @Test
    public void verdictsSurviveARestartForTheSameRevisionOnly() throws Exception {
        Path file = folder.getRoot().toPath().resolve("data/scan-verdicts.json");
        ScanVerdicts before = ScanVerdicts.load(file);
        before.put(7, new ScanVerdicts.Verdict(1000, "file:/a.jar", SecurityLevel.SANDBOX, null, "list-1"));
        before.put(8, new ScanVerdicts.Verdict(2000, "file:/b.jar", SecurityLevel.ISOLATED, "forbidden API use: x", "list-1"));
        before.save();

        ScanVerdicts after = ScanVerdicts.load(file);
        assertEquals(List.of(7L, 8L), after.bundleIds());
        assertEquals("forbidden API use: x",
                after.find(8, 2000, "file:/b.jar", SecurityLevel.ISOLATED, "list-1").orElseThrow().refusal());
        assertTrue(after.find(7, 1000, "file:/a.jar", SecurityLevel.SANDBOX, "list-1").isPresent());
        assertTrue("an update changes the revision", after.find(7, 1001, "file:/a.jar", SecurityLevel.SANDBOX, "list-1").isEmpty());
        assertTrue("another location", after.find(7, 1000, "file:/c.jar", SecurityLevel.SANDBOX, "list-1").isEmpty());
        assertTrue("another level", after.find(7, 1000, "file:/a.jar", SecurityLevel.ISOLATED, "list-1").isEmpty());
        assertTrue("another allow-list", after.find(7, 1000, "file:/a.jar", SecurityLevel.SANDBOX, "list-2").isEmpty());
    }

    @Test
    public void aStopThatLearnedNothingNewLeavesTheFileAsItWas() throws Exception {
        Path file = folder.getRoot().toPath().resolve("data/scan-verdicts.json");
        ScanVerdicts first = ScanVerdicts.load(file);
        first.save();
        // the first stop writes it even empty: it says the framework was stopped cleanly (DistributionIT)
        assertTrue("the first stop writes the file", Files.exists(file));
        FileTime empty = FileTime.fromMillis(500_000);
        Files.setLastModifiedTime(file, empty);
        ScanVerdicts.load(file).save();
        assertEquals("nothing scanned, nothing written", empty, Files.getLastModifiedTime(file));
        first = ScanVerdicts.load(file);
        first.put(7, new ScanVerdicts.Verdict(1000, "file:/a.jar", SecurityLevel.SANDBOX, null, "list-1"));
        first.save();
        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, written);

        ScanVerdicts again = ScanVerdicts.load(file);
        again.put(7, new ScanVerdicts.Verdict(1000, "file:/a.jar", SecurityLevel.SANDBOX, null, "list-1"));
        again.remove(9);
        again.save();
        assertEquals("the same verdict again is no change", written, Files.getLastModifiedTime(file));

        again.put(8, new ScanVerdicts.Verdict(2000, "file:/b.jar", SecurityLevel.SANDBOX, null, "list-1"));
        again.save();
        assertEquals(List.of(7L, 8L), ScanVerdicts.load(file).bundleIds());

        ScanVerdicts third = ScanVerdicts.load(file);
        third.remove(8);
        third.save();
        assertEquals("an uninstalled plugin's verdict goes", List.of(7L), ScanVerdicts.load(file).bundleIds());
    }

    @Test
    public void aForeignFileIsReplacedByTheCurrentFormatAtTheNextStop() throws Exception {
        Path file = folder.newFile("scan-verdicts.json").toPath();
        Files.writeString(file, "{\"denyList\": \"rules of an older release\", \"verdicts\": {}}");
        ScanVerdicts.load(file).save();
        assertTrue(Files.readString(file).contains("allow-list-1"));
    }

    @Test
    public void aFileTheEarlierReleaseWroteIsRead() throws Exception {
        // as the release that bound records with Jackson's data binding wrote it
        Path file = folder.newFile("scan-verdicts.json").toPath();
        Files.writeString(file, "{\"format\":\"allow-list-1\",\"verdicts\":{\"32\":{\"lastModified\":1796670917282,"
                + "\"location\":\"file:///p/warm-0.jar\",\"level\":\"SANDBOX\",\"refusal\":null,\"rules\":\"bd59\"},"
                + "\"33\":{\"lastModified\":5,\"location\":\"file:///p/x.jar\",\"level\":\"ISOLATED\","
                + "\"refusal\":\"forbidden API use: y\",\"rules\":\"bd59\"}}}");
        ScanVerdicts read = ScanVerdicts.load(file);
        assertTrue(read.find(32, 1796670917282L, "file:///p/warm-0.jar", SecurityLevel.SANDBOX, "bd59").isPresent());
        assertEquals("forbidden API use: y",
                read.find(33, 5, "file:///p/x.jar", SecurityLevel.ISOLATED, "bd59").orElseThrow().refusal());
    }

    @Test
    public void aVerdictMissingAFieldMakesTheWholeFileUnreadable() throws Exception {
        Path file = folder.newFile("scan-verdicts.json").toPath();
        Files.writeString(file, "{\"format\":\"allow-list-1\",\"verdicts\":{\"32\":{\"lastModified\":1,"
                + "\"location\":\"file:///p/a.jar\",\"level\":\"SANDBOX\",\"refusal\":null,\"rules\":\"r\"},"
                + "\"33\":{\"lastModified\":1,\"level\":\"SANDBOX\",\"refusal\":null,\"rules\":\"r\"}}}");
        assertEquals(List.of(), ScanVerdicts.load(file).bundleIds());
        Files.writeString(file, "{\"format\":\"allow-list-1\",\"verdicts\":{\"32\":{\"lastModified\":1,"
                + "\"location\":\"file:///p/a.jar\",\"level\":\"ROOT\",\"refusal\":null,\"rules\":\"r\"}}}");
        assertEquals("a level no release wrote", List.of(), ScanVerdicts.load(file).bundleIds());
    }

    @Test
    public void unreadableOrForeignFilesMeanScanningAgain() throws Exception {
        Path file = folder.newFile("scan-verdicts.json").toPath();
        Files.writeString(file, "{ not json");
        assertEquals(List.of(), ScanVerdicts.load(file).bundleIds());
        Files.writeString(file, "{\"denyList\": \"rules of an older release\", \"verdicts\": {\"7\": {\"lastModified\": 1,"
                + " \"location\": \"file:/a.jar\", \"level\": \"SANDBOX\", \"refusal\": null}}}");
        assertEquals("verdicts reached under other rules are dropped", List.of(), ScanVerdicts.load(file).bundleIds());
    }
}
