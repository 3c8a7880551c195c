package io.prsm.sample.advanced;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;

import io.prsm.testing.PrsmHarness;

/** With storage encryption on, what the plugin keeps is unreadable on disk and intact after a restart. */
public class EncryptedStorageIT {

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")))
            .withFrameworkProperty("prsm.storage.encrypt", "true");

    @Test
    public void pluginDataIsEncryptedAtRest() throws Exception {
        prsm.fireHook("message_sent", Map.of("user_id", "u1", "content", "a rather confidential remark"));
        prsm.fireHook("user_login", Map.of("user_id", "u1"));
        Path data = prsm.storage().resolve("plugins/advanced-analytics/data");
        List<Path> files;
        try (Stream<Path> listed = Files.list(data)) {
            files = listed.toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            String onDisk = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(onDisk, onDisk.contains("message_sent") || onDisk.contains("login"));
        }
        assertTrue(Files.exists(prsm.storage().resolve("keys/storage.key")));

        prsm.restartRuntime();
        assertEquals(2, prsm.get("/api/v1/analytics/dashboard?user_id=u1", "analytics_read").body()
                .get("total_events").asInt());
    }
}
