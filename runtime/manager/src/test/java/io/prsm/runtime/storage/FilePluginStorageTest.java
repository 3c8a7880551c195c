package io.prsm.runtime.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.StorageQuotaExceededException;

public class FilePluginStorageTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private FilePluginStorage storage(long quota) throws Exception {
        return new FilePluginStorage("demo", folder.getRoot().toPath().resolve("data"), quota);
    }

    @Test
    public void valuesSurviveReopening() throws Exception {
        storage(1024).put("dashboard-main", "{\"name\":\"Main\"}");
        FilePluginStorage reopened = storage(1024);
        assertEquals(Optional.of("{\"name\":\"Main\"}"), reopened.get("dashboard-main"));
        assertEquals(List.of("dashboard-main"), List.copyOf(reopened.keys("dashboard-")));
    }

    @Test
    public void putReplacesAndDeleteRemoves() throws Exception {
        FilePluginStorage storage = storage(1024);
        storage.put("k", "one");
        storage.put("k", "two");
        assertEquals(Optional.of("two"), storage.get("k"));
        assertTrue(storage.delete("k"));
        assertFalse(storage.delete("k"));
        assertEquals(Optional.empty(), storage.get("k"));
    }

    @Test
    public void quotaIsEnforcedAndNothingIsLostWhenExceeded() throws Exception {
        FilePluginStorage storage = storage(10);
        storage.put("a", "12345");
        StorageQuotaExceededException e = assertThrows(StorageQuotaExceededException.class,
                () -> storage.put("b", "123456"));
        assertTrue(e.getMessage(), e.getMessage().contains("quota of 10 bytes"));
        assertEquals(Optional.of("12345"), storage.get("a"));
        assertEquals(Optional.empty(), storage.get("b"));
        storage.put("a", "1234567890");
        assertEquals("replacing a value counts only the new size", 10, storage.usedBytes());
    }

    @Test
    public void leftoverTemporaryFileOfACrashedWriteIsIgnoredAndRemoved() throws Exception {
        FilePluginStorage storage = storage(1024);
        storage.put("k", "committed");
        Path data = folder.getRoot().toPath().resolve("data");
        Files.writeString(data.resolve("k.tmp"), "torn wri");
        FilePluginStorage reopened = storage(1024);
        assertEquals(Optional.of("committed"), reopened.get("k"));
        assertFalse(Files.exists(data.resolve("k.tmp")));
    }

    @Test
    public void keysThatCouldEscapeTheDirectoryAreRefused() throws Exception {
        FilePluginStorage storage = storage(1024);
        for (String key : List.of("../escape", "a/b", ".hidden", "", "x.tmp")) {
            assertThrows(key, IllegalArgumentException.class, () -> storage.put(key, "v"));
        }
    }

    @Test
    public void aMalformedKeyOfAMegabyteIsQuotedByAShortPrefix() throws Exception {
        String key = "../" + "x".repeat(1 << 20);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> storage(1024).put(key, "v"));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Storage key '../xxx"));
        assertTrue(refused.getMessage().length() + " characters", refused.getMessage().length() < 400);
    }
}
