package io.prsm.runtime.launcher;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.LogManager;

import org.osgi.framework.BundleException;

import io.prsm.limits.Quote;
import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.embed.StorageFolders;

/**
 * {@code java -jar prsm.jar}: starts the runtime with the interactive shell, or runs a batch of
 * commands and exits 0 only if all succeeded (1 otherwise, or when the HTTP port is taken; 2 for a
 * bad command line). Each
 * wrong option, folder or file is one line on standard error, before anything starts.
 *
 * <p>Concurrent semantics: the main thread drives everything; a shutdown hook stops the
 * framework cleanly on SIGTERM or Ctrl-C.
 */
public final class Main {

    /** How long the HTTP API may take to listen once the runtime is ready. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (JarCheck.asked(args)) {
            return JarCheck.run(args, out, err);
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(List.of(args));
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("PRSM Runtime " + Banner.version());
            return 0;
        }
        if (options.remote() != null) {
            return connect(options, out, err);
        }
        try {
            StorageFolders.requireUsable(options.storage(), "--storage");
            StorageFolders.requireUsable(options.plugins(), "--plugins");
        } catch (IOException unusable) {
            err.println(unusable.getMessage());
            return 2;
        }
        String portTaken = PortCheck.refusal(options.httpPort());
        if (portTaken != null) {
            err.println(portTaken);
            return 1;
        }
        configureLogging();
        InputStream script;
        try {
            script = openScript(options.batch());
        } catch (NoSuchFileException missing) {
            err.println("No batch file at " + Quote.prefix(missing.getFile(), 300) + ". Give a file of commands, or - for "
                    + "standard input.");
            return 2;
        } catch (IOException unreadable) {
            err.println("Cannot read the batch file " + Quote.prefix(options.batch(), 300) + ": "
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), 300));
            return 2;
        }
        PrsmRuntime.Builder builder = PrsmRuntime.builder(options.storage())
                .httpPort(options.httpPort())
                .property("prsm.storage.encrypt", String.valueOf(options.encryptStorage()))
                .logging(options.logging());
        if (options.plugins() != null) {
            builder.pluginsFolder(options.plugins());
        }
        PrintStream originalErr = System.err;
        AbovePrompt aboveThePrompt = new AbovePrompt(originalErr);
        if (script == null) {
            // before the runtime starts: Gogo keeps the standard error it finds (see AbovePrompt)
            System.setErr(new PrintStream(aboveThePrompt, true, StandardCharsets.UTF_8));
        }
        try {
            return run(options, builder, script, aboveThePrompt, out, err);
        } finally {
            System.setErr(originalErr);
        }
    }

    private static int run(LaunchOptions options, PrsmRuntime.Builder builder, InputStream script,
            AbovePrompt aboveThePrompt, PrintStream out, PrintStream err) {
        PrsmRuntime started;
        try {
            started = builder.stopOnShutdown(true).start();
        } catch (Exception e) {
            err.println("The runtime could not start: " + RuntimeShell.describe(e));
            return 1;
        }
        try (PrsmRuntime runtime = started) {
            Optional<String> http = runtime.httpUrl(HTTP_TIMEOUT);
            if (options.httpPort() >= 0 && http.isEmpty()) {
                err.println("The HTTP API did not start on port " + options.httpPort() + " of 127.0.0.1 within "
                        + HTTP_TIMEOUT.toSeconds() + " s. Give another port with --http-port N, or --http-port -1 "
                        + "for none.");
                return 1;
            }
            if (script == null) {
                new InteractiveConsole(runtime, InteractiveConsole.historyFile(options.storage()),
                        Banner.text(runtime.bundleContext(), options.storage(), options.plugins(), http),
                        aboveThePrompt).run();
                return 0;
            }
            try (ScriptLines lines = new ScriptLines(script)) {
                return new BatchRunner(runtime.bundleContext(), out, err).run(lines) ? 0 : 1;
            }
        } catch (BundleException | IOException stopping) {
            err.println("The runtime did not stop cleanly: " + stopping.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("The runtime failed: " + RuntimeShell.describe(e));
            return 1;
        }
    }

    /** {@code --connect}: the commands go to a live runtime; nothing starts here. */
    private static int connect(LaunchOptions options, PrintStream out, PrintStream err) {
        String token;
        try {
            token = RemoteClient.readToken(options.remote().tokenFile());
        } catch (IOException unreadable) {
            err.println("Cannot read the token: " + unreadable.getMessage() + ". Give --token-file a file holding "
                    + "one token with permission prsm_admin.");
            return 2;
        }
        try (ScriptLines lines = new ScriptLines(options.batch() == null ? System.in : openScript(options.batch()))) {
            return new RemoteClient(options.remote().url(), token, out, err).run(lines) ? 0 : 1;
        } catch (IOException unreadable) {
            err.println("Cannot read the commands: " + unreadable.getMessage());
            return 2;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The script's bytes: decoding is per line (see {@link ScriptLines}), so one bad line fails only itself. */
    private static InputStream openScript(String batch) throws IOException {
        if (batch == null) {
            return null;
        }
        if (batch.equals("-")) {
            return System.in;
        }
        Path file;
        try {
            file = Path.of(batch);
        } catch (java.nio.file.InvalidPathException malformed) {
            throw new IOException("not a valid path (" + malformed.getReason() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder; give a file of commands, or - for standard input");
        }
        // a named pipe is a fine script (a process writes the commands); it is opened as a file is
        return Files.newInputStream(file);
    }

    /**
     * SPI Fly logs through java.util.logging at INFO on every start; only its warnings matter. The
     * runtime's own log (Logback, in the framework) is set up by {@link PrsmRuntime.Builder#logging}.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            try {
                LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(
                        "handlers=java.util.logging.ConsoleHandler\n.level=INFO\norg.apache.aries.spifly.level=WARNING\n"
                                .getBytes(StandardCharsets.UTF_8)));
            } catch (IOException impossible) {
                // in-memory configuration cannot fail to read
            }
        }
    }
}
