package io.prsm.distribution;

import static io.prsm.distribution.HostileInputIT.assertNoStackTrace;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Before;
import org.junit.Test;

import io.prsm.limits.fuzz.Fuzz;
import io.prsm.limits.fuzz.Mutations;

/**
 * Seeded fuzzing of the running distribution: malformed jars, tasks and policies made from the
 * samples go through the shell, malformed bodies through the HTTP API, and slow clients dribble
 * into a real socket. Every case is answered with one line (4xx for HTTP, never a 500), nothing
 * prints a stack trace, the runtime answers afterwards, and what was installed is there after a
 * restart. The seed is printed and is in every failure: replay with {@code -Dprsm.fuzz.seed}.
 */
public class HostileInputFuzzIT {

    private static final String TOKEN = "ops-token-0123456789abcdef";
    private static final String POLICY = "{\"tokens\": {\"ops\": {\"token\": \"" + TOKEN + "\", \"permissions\": "
            + "[\"prsm_admin\", \"analytics_read\"]}}}";
    private static final List<String> TASKS = List.of("{\"type\":\"get_metrics\",\"config\":{\"types\":[\"plugins\"]}}",
            "{\"type\":\"create_dashboard\",\"config\":{\"name\":\"Ops\",\"widgets\":[{\"type\":\"gauge\","
                    + "\"data_source\":\"system.heap_used_ratio\"}]}}",
            "{\"type\":\"generate_report\",\"config\":{\"type\":\"summary\"}}");

    private final Path analytics = Path.of(System.getProperty("prsm.sample.analytics"));
    private Path storage;
    private Path plugins;
    private Path work;

    @Before
    public void freshFolders() throws Exception {
        storage = PrsmProcess.freshFolder("storage");
        plugins = PrsmProcess.freshFolder("plugins");
        work = PrsmProcess.freshFolder("fuzz");
    }

    @Test
    public void malformedJarsTasksAndPoliciesAreRefusedInOneLineAndNothingInstalledIsLost() throws Exception {
        Fuzz fuzz = Fuzz.of("HostileInputFuzzIT.shell");
        byte[] sample = Files.readAllBytes(analytics);
        Files.writeString(storage.resolve("policy.json"), POLICY);
        Set<String> before;
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            prsm.send("prsm:install " + analytics);
            prsm.awaitStdout("analytics-dashboard");
            int line = 1;
            for (int i = 0, cases = fuzz.cases(20); i < cases; i++) {
                Path jar = Files.write(work.resolve("mutant-" + i + ".jar"), Mutations.jar(sample, fuzz));
                line = command(prsm, line, fuzz.pick("prsm:install ", "prsm:validate ") + jar);
            }
            for (int i = 0, cases = fuzz.cases(20); i < cases; i++) {
                String task = Mutations.json(fuzz.pick(TASKS.toArray(new String[0])), fuzz).replaceAll("[\r\n']", " ");
                line = command(prsm, line, "prsm:exec analytics-dashboard '" + task + "'");
            }
            for (int i = 0, cases = fuzz.cases(10); i < cases; i++) {
                Files.writeString(storage.resolve("policy.json"), Mutations.json(POLICY, fuzz));
                line = command(prsm, line, "prsm:policy reload");
            }
            Files.writeString(storage.resolve("policy.json"), POLICY);
            line = command(prsm, line, "prsm:policy reload");
            prsm.send("prsm:list");
            prsm.awaitStdout("BUNDLE  PLUGIN");
            prsm.closeInput();
            prsm.awaitExit();
            assertNoStackTrace(prsm);
            for (String error : prsm.stderr().lines().filter(text -> text.startsWith("Error on line")).toList()) {
                assertTrue(fuzz.says("one line, not the input: " + error.length()), error.length() < 1000);
            }
            before = plugins(prsm.stdout());
            assertTrue(fuzz.says("the sample stays installed: " + before), before.contains("analytics-dashboard 1.0.0"));
        }
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "prsm:list");
        assertEquals(fuzz.says(restarted.stderr()), 0, restarted.exitCode());
        assertEquals(fuzz.says("what was installed is there after a restart"), before, plugins(restarted.stdout()));
    }

    @Test
    public void malformedBodiesAreAnswered4xxAndSlowClientsAreCutOff() throws Exception {
        Fuzz fuzz = Fuzz.of("HostileInputFuzzIT.http");
        Files.writeString(storage.resolve("policy.json"), POLICY);
        Files.copy(analytics, plugins.resolve("analytics-dashboard.jar"));
        int port = freePort();
        try (PrsmProcess prsm = PrsmProcess.start(List.of("-Dorg.apache.felix.http.timeout=2000",
                "-Dprsm.http.bodyTimeout=3s", "-Dprsm.http.headerTimeout=3s"), "--storage", storage.toString(),
                "--plugins", plugins.toString(), "--http-port", String.valueOf(port), "--batch", "-")) {
            prsm.send("prsm:list");
            prsm.awaitStdout("analytics-dashboard");
            URI tasks = URI.create("http://127.0.0.1:" + port + "/api/v1/plugins/analytics-dashboard/tasks");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (String body : List.of("[".repeat(2000) + "]".repeat(2000), "{\"n\":" + "9".repeat(5000) + "}",
                    "{\"s\":\"" + "x".repeat(300_000) + "\"}", "{\"a\": ", "null", "[1]")) {
                assertClientError(fuzz, http, tasks, body);
            }
            for (int i = 0, cases = fuzz.cases(150); i < cases; i++) {
                String body = Mutations.json(fuzz.pick(TASKS.toArray(new String[0])), fuzz);
                HttpResponse<String> answer = post(http, tasks, body);
                // a body that is a task runs it (200, or 503 when the plugin cannot); anything else is the caller's 4xx
                assertTrue(fuzz.says(answer.statusCode() + " for a malformed body: " + answer.body()),
                        answer.statusCode() == 200 || answer.statusCode() == 503
                                || answer.statusCode() >= 400 && answer.statusCode() < 500);
            }

            // a client that sends its headers, then nothing: cut off by the idle timeout with a 408
            try (Socket stalled = new Socket("127.0.0.1", port)) {
                stalled.setSoTimeout(30_000);
                stalled.getOutputStream().write(headers(1000));
                assertTrue(read(stalled.getInputStream()).startsWith("HTTP/1.1 408"));
            }
            // a client that sends a byte every half second: cut off when the body's time is up
            try (Socket dribbling = new Socket("127.0.0.1", port)) {
                dribbling.setSoTimeout(30_000);
                OutputStream out = dribbling.getOutputStream();
                out.write(headers(1000));
                String answer = dribble(out, dribbling.getInputStream());
                assertTrue(answer, answer.startsWith("HTTP/1.1 408") || answer.equals("closed"));
            }
            // a client that dribbles its headers, a byte every half second, each within the idle
            // timeout: closed when the header deadline is up, and the API still answers others
            try (Socket dribbling = new Socket("127.0.0.1", port)) {
                dribbling.getOutputStream().write("GET /api/v1/plugins HTTP/1.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                assertEquals("closed", dribbleHeader(dribbling));
            }
            assertEquals("the runtime answers afterwards", 200, post(http, tasks, TASKS.get(0)).statusCode());
            prsm.closeInput();
            prsm.awaitExit();
            assertNoStackTrace(prsm);
        }
    }

    /** Sends script line {@code line + 1}, then a marker whose refusal says the line was done. */
    private static int command(PrsmProcess prsm, int line, String command) throws Exception {
        prsm.send(command);
        prsm.send("prsm:info done-" + (line + 2));
        prsm.awaitStderr("done-" + (line + 2));
        return line + 2;
    }

    /** The plugin ids and versions {@code prsm:list} printed. */
    private static Set<String> plugins(String stdout) {
        Set<String> listed = new TreeSet<>();
        for (String row : stdout.lines().filter(text -> text.matches("\\d+\\s+\\S+\\s+\\S+\\s+.*")).toList()) {
            String[] columns = row.trim().split("\\s+");
            listed.add(columns[1] + " " + columns[2]);
        }
        return listed;
    }

    private static void assertClientError(Fuzz fuzz, HttpClient http, URI uri, String body) throws Exception {
        HttpResponse<String> answer = post(http, uri, body);
        assertTrue(fuzz.says(answer.statusCode() + ": " + answer.body()), answer.statusCode() == 400
                || answer.statusCode() == 413);
        assertTrue(answer.body(), answer.body().startsWith("{\"error\":") && answer.body().length() < 600);
        assertFalse(answer.body(), answer.body().contains("\\n"));
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] headers(int contentLength) {
        return ("POST /api/v1/plugins/analytics-dashboard/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a byte every half second until the server answers or closes; returns what it said. */
    private static String dribble(OutputStream out, InputStream in) throws Exception {
        for (int i = 0; i < 60; i++) {
            try {
                out.write(' ');
                out.flush();
            } catch (IOException closed) {
                return in.available() > 0 ? read(in) : "closed";
            }
            if (in.available() > 0) {
                return read(in);
            }
            // the client's own pace, not a wait for the server: the server is what is being timed
            Thread.sleep(500);
        }
        return "never cut off";
    }

    /**
     * Writes a header byte, then waits half a second for the server (the read timeout is the
     * client's pace), until the server closes the connection: "closed", or what else happened.
     */
    private static String dribbleHeader(Socket socket) throws IOException {
        socket.setSoTimeout(500);
        for (int i = 0; i < 60; i++) {
            try {
                socket.getOutputStream().write('a');
                socket.getOutputStream().flush();
                int answer = socket.getInputStream().read();
                return answer == -1 ? "closed" : "answered before the headers were complete";
            } catch (java.net.SocketTimeoutException paced) {
                // half a second without a word from the server: send the next byte
            } catch (IOException reset) {
                return "closed";
            }
        }
        return "never cut off";
    }

    private static String read(InputStream in) throws IOException {
        byte[] answer = in.readNBytes(400);
        return answer.length == 0 ? "closed" : new String(answer, StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
