package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * Issue 18: {@code java -jar prsm.jar --connect URL --token-file F --batch -} drives a live
 * runtime end to end over its admin API: the same commands as the shell, a jar by path uploaded,
 * JSON answers, one line per failure and the exit code of a batch.
 */
public class ConnectIT {

    private static final String TOKEN = "admin-token-0123456789";

    @Test
    public void connectDrivesALiveRuntimeEndToEnd() throws Exception {
        Path storage = PrsmProcess.freshFolder("live");
        Path plugins = PrsmProcess.freshFolder("live-plugins");
        Files.writeString(storage.resolve("policy.json"),
                "{\"tokens\": {\"ops\": {\"token\": \"" + TOKEN + "\", \"permissions\": [\"prsm_admin\"]}}}");
        Path tokenFile = PrsmProcess.freshFolder("client").resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (PrsmProcess live = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--http-port", "0")) {
            Matcher bound = Pattern.compile("HTTP API: (http://127\\.0\\.0\\.1:\\d+)/").matcher(
                    live.awaitStdout("HTTP API: "));
            assertTrue(live.stdout(), bound.find());

            PrsmProcess client = PrsmProcess.start("--connect", bound.group(1), "--token-file", tokenFile.toString(),
                    "--batch", "-");
            for (String command : new String[] {
                    "prsm:install " + System.getProperty("prsm.sample.analytics"),
                    "prsm:list",
                    "prsm:exec analytics-dashboard '{\"type\":\"get_metrics\",\"config\":{\"types\":[\"plugins\"]}}'",
                    "prsm:stop analytics-dashboard",
                    "prsm:start analytics-dashboard",
                    "prsm:config analytics-dashboard",
                    "prsm:metrics",
                    "prsm:health",
                    // the shell's arguments: how many entries, and --json (every answer here is JSON)
                    "prsm:audit 2",
                    "prsm:audit --json",
                    "prsm:uninstall analytics-dashboard",
                    "prsm:info analytics-dashboard"}) {
                client.send(command);
            }
            client.closeInput();
            assertEquals(client.stderr(), 1, client.awaitExit());
            assertEquals("Error on line 12 (prsm:info analytics-dashboard): No plugin 'analytics-dashboard'. Run "
                    + "prsm:list to see installed plugins.", client.stderr());
            String out = client.stdout();
            assertTrue(out, out.contains("\"plugin_id\":\"analytics-dashboard\""));
            assertTrue(out, out.contains("\"location\":\"file://" + storage.resolve("uploads")));
            assertTrue(out, out.contains("\"success\":true"));
            assertTrue(out, out.contains("\"state\":\"stopped\"") && out.contains("\"state\":\"active\""));
            assertTrue(out, out.contains("\"overall_result\":\"ok\"") && !out.contains("finishedAt"));
            assertTrue(out, out.contains("\"uninstalled\":true"));
            // one version everywhere, the banner's (as --version prints it) in the metrics too
            Matcher banner = Pattern.compile("PRSM Runtime (\\S+)").matcher(live.stdout());
            assertTrue(live.stdout(), banner.find());
            assertTrue(out, out.contains("\"runtime_version\":\"" + banner.group(1) + "\""));
            String auditTwo = out.lines().toList().get(8);
            assertEquals(auditTwo, 2, auditTwo.split("\"decision\"", -1).length - 1);
            assertTrue(out, out.lines().toList().get(9).startsWith("[{\"time\""));

            // one JSON style on the whole port: outside /api too, a 404 is JSON, not Jetty's HTML page
            java.net.http.HttpResponse<String> nowhere = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(bound.group(1) + "/index.html")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, nowhere.statusCode());
            assertTrue(nowhere.body(), nowhere.body().startsWith("{\"error\":\"Nothing is served here;"));

            // a plain HTTP caller gets advice it can follow: the route, the field, its own file's name
            java.net.http.HttpResponse<String> unknown = admin(bound.group(1) + "/api/v1/plugins/analytics-dashboard",
                    java.net.http.HttpRequest.newBuilder().GET());
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body(), unknown.body().contains("Request GET /api/v1/plugins to see installed plugins"));
            Path invalid = Path.of(System.getProperty("prsm.sample.invalidType"));
            long uploadsBefore = count(storage.resolve("uploads"));
            java.net.http.HttpResponse<String> refused = admin(bound.group(1) + "/api/v1/plugins?file_name="
                    + invalid.getFileName(), java.net.http.HttpRequest.newBuilder()
                            .header("Content-Type", "application/java-archive")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(invalid)));
            assertEquals(refused.body(), 409, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("the uploaded jar '" + invalid.getFileName() + "'"));
            assertTrue(refused.body(), !refused.body().contains("upload-"));
            assertEquals("a refused upload is deleted", uploadsBefore, count(storage.resolve("uploads")));

            // the live runtime saw it all: its own shell lists no plugin now
            live.send("prsm:list");
            live.awaitStdout("No plugins installed");
            live.send("stop");
            assertEquals(live.stderr(), 0, live.awaitExit());
        }
    }

    private static long count(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.count();
        }
    }

    private static java.net.http.HttpResponse<String> admin(String url, java.net.http.HttpRequest.Builder request)
            throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.uri(java.net.URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
