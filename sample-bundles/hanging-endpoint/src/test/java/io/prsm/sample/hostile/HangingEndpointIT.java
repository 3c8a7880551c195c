package io.prsm.sample.hostile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmHarness;

/**
 * A plugin whose endpoint never returns cannot take the HTTP API down: each caller is answered
 * within the task timeout, the plugin holds at most its task concurrency in threads, and the
 * runtime keeps serving the administrative routes and the plugin's own tasks.
 */
public class HangingEndpointIT {

    private static final String HANG = "/api/v1/hang";

    @Rule
    public final PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")))
            .withFrameworkProperty("prsm.task.timeout", "1s")
            .withFrameworkProperty("prsm.task.concurrency", "1");

    @Test
    public void aCallThatDoesNotReturnIsAnsweredWithTheTimeout() throws Exception {
        HttpAnswer late = prsm.get(HANG, "hang_read");
        assertEquals(late.error(), 504, late.status());
        assertTrue(late.error(), late.error().contains("did not answer /api/v1/hang within 1000 ms (prsm.task.timeout)"));
    }

    @Test
    public void aPluginWhoseCallsAllHangIsBusyAndEverythingElseStillServes() throws Exception {
        assertEquals(504, prsm.get(HANG, "hang_read").status());

        // the first call ignored its interrupt and still holds the plugin's only slot
        HttpAnswer busy = prsm.get(HANG, "hang_read");
        assertEquals(busy.error(), 503, busy.status());
        assertTrue(busy.error(), busy.error().contains("Plugin 'hanging-endpoint' is busy"));

        assertEquals(200, prsm.get("/api/v1/plugins", "prsm_admin").status());
        assertTrue(prsm.execute("ping", Map.of()).get("success").asBoolean());
    }
}
