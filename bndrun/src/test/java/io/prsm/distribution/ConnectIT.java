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
    private static final String READ_TOKEN = "viewer-token-0123456789";

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

    /**
     * Issue 20: the marketplace over --connect and the admin API. A
     * repository folder the live runtime published into is served over HTTP by the test; the
     * client adds it, searches, shows, installs by id within a range with the libraries, updates by
     * hot-swap, and is refused a folder on the runtime's machine. A reading token may search but
     * not install; the install is audited under the caller and the plugin it named.
     */
    @Test
    public void connectRunsTheMarketplaceCommandsAgainstARepositoryServedOverHttp() throws Exception {
        Path storage = PrsmProcess.freshFolder("market-live");
        Path folder = PrsmProcess.freshFolder("market-served").resolve("repository");
        // the operator lets sandbox plugins use the shout-text library (the default policy does not)
        Files.writeString(storage.resolve("policy.json"), "{\"tokens\": {\"ops\": {\"token\": \"" + TOKEN
                + "\", \"permissions\": [\"prsm_admin\"]}, \"viewer\": {\"token\": \"" + READ_TOKEN
                + "\", \"permissions\": [\"prsm_read\"]}}, \"levels\": {\"sandbox\": {\"packages\": "
                + "[\"io.prsm.api.*\", \"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.text\"]}}}");
        Path tokenFile = PrsmProcess.freshFolder("market-client").resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        com.sun.net.httpserver.HttpServer server = serve(folder);
        try (PrsmProcess live = PrsmProcess.start("--storage", storage.toString(), "--plugins",
                storage.resolve("plugins").toString(), "--http-port", "0")) {
            Matcher bound = Pattern.compile("HTTP API: (http://127\\.0\\.0\\.1:\\d+)/").matcher(
                    live.awaitStdout("HTTP API: "));
            assertTrue(live.stdout(), bound.find());
            for (String sample : new String[] {"prsm.market.shoutBase", "prsm.market.shoutText", "prsm.market.shouter1",
                    "prsm.market.shouter2"}) {
                live.send("prsm:publish " + System.getProperty(sample) + " " + folder);
            }
            live.awaitStdout("Published plugin shouter 1.1.0");
            String repository = "http://127.0.0.1:" + server.getAddress().getPort() + "/repository";

            PrsmProcess client = PrsmProcess.start("--connect", bound.group(1), "--token-file", tokenFile.toString(),
                    "--batch", "-");
            for (String command : new String[] {
                    "prsm:repo add team " + repository,
                    "prsm:repo list",
                    "prsm:search --type utility shout",
                    "prsm:show shouter",
                    "prsm:install 'shouter@[1.0,1.1)'",
                    "prsm:update shouter",
                    "prsm:update",
                    "prsm:repo add local " + folder,
                    "prsm:repo remove team"}) {
                client.send(command);
            }
            client.closeInput();
            assertEquals(client.stderr(), 1, client.awaitExit());
            assertEquals("Error on line 8 (prsm:repo add local " + folder + "): Send the http(s) URL of the repository "
                    + "in location; a folder on the runtime's machine is not accepted over HTTP (add it in the runtime's "
                    + "own shell with prsm:repo add NAME FOLDER, or serve the folder over HTTP).", client.stderr());
            java.util.List<String> out = client.stdout().lines().toList();
            assertEquals(client.stdout(), 8, out.size());
            assertEquals("{\"name\":\"team\",\"location\":\"" + repository + "\",\"signers\":[]}", out.get(0));
            assertEquals("[" + out.get(0) + "]", out.get(1));
            assertTrue(out.get(2), out.get(2).startsWith("{\"plugins\":[{\"repository\":\"team\",\"plugin_id\":"
                    + "\"shouter\",\"version\":\"1.1.0\",\"type\":\"utility\",\"level\":\"sandbox\""));
            assertTrue(out.get(2), out.get(2).contains("\"version\":\"1.0.0\"") && out.get(2).endsWith("\"skipped\":[]}"));
            assertTrue(out.get(3), out.get(3).contains("\"url\":\"" + repository + "/shouter-1.0.0.jar\""));
            assertTrue(out.get(4), out.get(4).startsWith("{\"plugin_id\":\"shouter\",\"version\":\"1.0.0\","
                    + "\"repository\":\"team\",\"libraries\":[\"io.prsm.sample.market.base "));
            assertTrue(out.get(5), out.get(5).startsWith("{\"plugin_id\":\"shouter\",\"updated\":true,\"version\":"
                    + "\"1.1.0\",\"repository\":\"team\",\"swap\":{\"plugin_id\":\"shouter\""));
            assertTrue(out.get(6), out.get(6).startsWith("{\"updates\":[{\"plugin_id\":\"shouter\",\"updated\":false,"));
            assertTrue(out.get(7), out.get(7).startsWith("{\"name\":\"team\""));

            // a reading token may look, not act
            String search = bound.group(1) + "/api/v1/runtime/marketplace/plugins?text=shout";
            assertEquals(200, call(search, READ_TOKEN, java.net.http.HttpRequest.newBuilder().GET()).statusCode());
            java.net.http.HttpResponse<String> refused = call(bound.group(1) + "/api/v1/plugins", READ_TOKEN,
                    java.net.http.HttpRequest.newBuilder().header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\": \"shouter\"}")));
            assertEquals(refused.body(), 403, refused.statusCode());
            // the install is credited to its caller and to the plugin it named
            String audit = call(bound.group(1) + "/api/v1/runtime/audit?layer=admin&plugin=shouter", TOKEN,
                    java.net.http.HttpRequest.newBuilder().GET()).body();
            assertTrue(audit, audit.contains("POST /api/v1/plugins\"") && audit.contains("caller ops over HTTP"));
            assertTrue(audit, audit.contains("POST /api/v1/plugins/shouter/update"));
            live.send("stop");
            assertEquals(live.stderr(), 0, live.awaitExit());
        } finally {
            server.stop(0);
        }
    }

    /** Serves {@code folder} read-only at /repository/ on loopback, as any static web server would. */
    private static com.sun.net.httpserver.HttpServer serve(Path folder) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/repository/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring("/repository/".length()))
                    .normalize();
            boolean found = file.startsWith(folder) && Files.isRegularFile(file);
            byte[] body = found ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static java.net.http.HttpResponse<String> call(String url, String token,
            java.net.http.HttpRequest.Builder request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(request.uri(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
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
