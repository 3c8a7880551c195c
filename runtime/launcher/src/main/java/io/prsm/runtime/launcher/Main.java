package io.prsm.runtime.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.LogManager;

import org.osgi.framework.BundleException;

import io.prsm.runtime.embed.PrsmRuntime;

/**
 * {@code java -jar prsm.jar}: starts the runtime with the interactive Gogo shell, or runs a batch
 * of commands and exits 0 only if all succeeded (1 otherwise, 2 for a bad command line).
 *
 * <p>Concurrent semantics: the main thread drives everything; a shutdown hook stops the
 * framework cleanly on SIGTERM or Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(List.of(args));
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage());
            err.println(LaunchOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return 0;
        }
        configureLogging();
        BufferedReader script;
        try {
            script = openScript(options.batch());
        } catch (NoSuchFileException missing) {
            err.println("No batch file at " + missing.getFile() + ". Give a file of commands, or - for standard input.");
            return 2;
        } catch (IOException unreadable) {
            err.println("Cannot read the batch file " + options.batch() + ": " + unreadable.getMessage());
            return 2;
        }
        PrsmRuntime.Builder builder = PrsmRuntime.builder(options.storage())
                .httpPort(options.httpPort())
                .property("prsm.storage.encrypt", String.valueOf(options.encryptStorage()))
                .interactiveShell(script == null);
        if (options.plugins() != null) {
            builder.pluginsFolder(options.plugins());
        }
        PrsmRuntime started;
        try {
            started = builder.stopOnShutdown(true).start();
        } catch (Exception e) {
            err.println("The runtime could not start: " + RuntimeShell.describe(e));
            return 1;
        }
        try (PrsmRuntime runtime = started) {
            if (script == null) {
                runtime.awaitStop();
                return 0;
            }
            try (BufferedReader lines = script) {
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

    private static BufferedReader openScript(String batch) throws IOException {
        if (batch == null) {
            return null;
        }
        if (batch.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return Files.newBufferedReader(Path.of(batch), StandardCharsets.UTF_8);
    }

    /**
     * SLF4J Simple reads system properties: warnings and PRSM's own messages, on standard error.
     * SPI Fly logs through java.util.logging at INFO on every start; only its warnings matter.
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
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.prsm",
                System.getProperty("org.slf4j.simpleLogger.log.io.prsm", "info"));
        System.setProperty("org.slf4j.simpleLogger.logFile",
                System.getProperty("org.slf4j.simpleLogger.logFile", "System.err"));
    }
}
