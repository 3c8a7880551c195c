package io.prsm.runtime.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prsm.limits.Quote;

/**
 * {@code java -jar prsm.jar --connect URL --token-file F}: the prsm commands against a live
 * runtime, over its admin HTTP API, so a script drives production the way it drives a test
 * runtime. Each line is one command; each answer is the API's JSON on standard output; a failure
 * is one line on standard error, and the exit code says whether every command succeeded. A jar
 * given by path is uploaded: the runtime never reads the client's files.
 *
 * <p>Concurrent semantics: not thread-safe; one run per instance.
 */
final class RemoteClient {

    /** How long the runtime may take to accept the connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long one answer may take: above the runtime's own waits (30 s for a task or a plugin to
     * start, by default), below what a script would take for a hang.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String COMMANDS = "list, info, install, start, stop, uninstall, swap, exec, config, metrics, "
            + "audit, health, repo, search, show, update";

    private final URI base;
    private final String token;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration requestTimeout;
    private final HttpClient http;

    RemoteClient(URI base, String token, PrintStream out, PrintStream err) {
        this(base, token, out, err, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    RemoteClient(URI base, String token, PrintStream out, PrintStream err, Duration connectTimeout,
            Duration requestTimeout) {
        this.base = base;
        this.token = token;
        this.out = out;
        this.err = err;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** The token in {@code file}, which must exist and hold one. */
    static String readToken(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.contains("\n")) {
            throw new IOException("The token file " + file + " must hold exactly one token");
        }
        return token;
    }

    /** Runs every line of {@code script}; returns whether every command succeeded. */
    boolean run(ScriptLines script) throws IOException, InterruptedException {
        boolean allSucceeded = true;
        for (ScriptLines.Line line = script.next(); line != null; line = script.next()) {
            if (line.problem() != null) {
                err.println("Error on line " + line.number() + ": " + line.problem() + "; it was not run.");
                allSucceeded = false;
                continue;
            }
            String command = line.text().strip();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            String failure;
            try {
                failure = execute(CommandWords.split(command));
            } catch (IllegalArgumentException | IOException wrong) {
                failure = why(wrong);
            }
            if (failure != null) {
                err.println("Error on line " + line.number() + " (" + Quote.prefix(command, 200) + "): " + failure);
                allSucceeded = false;
            }
        }
        return allSucceeded;
    }

    private String why(Exception wrong) {
        if (wrong instanceof HttpConnectTimeoutException || wrong instanceof java.net.ConnectException) {
            return "the runtime at " + base + " does not answer; is it running with its HTTP API?";
        }
        if (wrong instanceof HttpTimeoutException) {
            return "the runtime at " + base + " took the request but sent no answer within "
                    + requestTimeout.toSeconds() + " s; check that the URL is its HTTP API and look in its log "
                    + "for what it was doing.";
        }
        return wrong.getMessage();
    }

    /** Runs one command; returns null on success, else why it failed. */
    private String execute(List<String> words) throws IOException, InterruptedException {
        Call call = RemoteCommands.call(words);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path())).timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                // it runs prsm commands, so the runtime's advice names prsm commands, not routes
                .header("Prsm-Advice", "shell");
        if (call.upload() != null) {
            request.header("Content-Type", "application/java-archive")
                    .method(call.method(), HttpRequest.BodyPublishers.ofFile(call.upload()));
        } else if (call.json() != null) {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.json()));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            Matcher error = ERROR.matcher(response.body());
            return error.find() ? unescape(error.group(1)) : "the runtime answered " + response.statusCode();
        }
        out.println(response.body());
        if (call.taskMustSucceed() && response.body().contains("\"success\":false")) {
            return "the task failed (its answer is above)";
        }
        return null;
    }

    private static String unescape(String json) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 == json.length()) {
                text.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) Integer.parseInt(json.substring(i + 1, Math.min(i + 5, json.length())), 16));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }

    /** One HTTP request a command becomes. */
    record Call(String method, String path, String json, Path upload, boolean taskMustSucceed) {
    }

    /** The commands the client knows. */
    static String commands() {
        return COMMANDS;
    }
}
