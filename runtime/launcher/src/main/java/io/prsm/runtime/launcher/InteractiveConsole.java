package io.prsm.runtime.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.prsm.runtime.embed.PrsmRuntime;

/**
 * The operator's shell: JLine's system terminal (a dumb one when standard input is not a
 * terminal) in front of a Gogo session. TAB completes commands, plugin ids and file paths; the
 * history is kept in the storage folder; Ctrl-C cancels the running command, never the runtime;
 * a line Gogo cannot parse is an error like any other; only {@code stop}, {@code exit} or Ctrl-D
 * end the shell, and say so. Standard error (where the runtime logs) is printed above the prompt.
 *
 * <p>The terminal lives outside the framework, on the launcher's class path, so JLine finds its
 * terminal providers without any class loader games inside a bundle.
 *
 * <p>Concurrent semantics: {@link #run} runs on one thread; the terminal's signal handler
 * interrupts the command from JLine's signal thread.
 */
final class InteractiveConsole {

    static final String PROMPT = "prsm> ";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a cancelled command may take to unwind before the next prompt. */
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    private final PrsmRuntime runtime;
    private final Path history;
    private final String banner;
    private final AbovePrompt standardError;
    /** Set by Ctrl-C while a command runs (JLine's signal thread), read by {@link #run}'s thread. */
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /**
     * @param history the file the command history is kept in
     * @param banner printed once before the first prompt
     * @param standardError installed as standard error before the runtime started
     */
    InteractiveConsole(PrsmRuntime runtime, Path history, String banner, AbovePrompt standardError) {
        this.runtime = runtime;
        this.history = history;
        this.banner = banner;
        this.standardError = standardError;
    }

    /** Reads and runs commands until the operator stops or the framework stops. */
    void run() throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("prsm")
                    .completer(new ConsoleCompleter(runtime))
                    .parser(lenientParser())
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.HISTORY_FILE_SIZE, 1000)
                    .build();
            // the runtime logs to standard error: those lines go above the line being typed
            standardError.attach(reader);
            // Gogo writes through an interruptible channel: a cancelled command's thread that prints
            // (its refusal is logged) closes that channel and the stream under it, so Gogo never gets
            // the terminal's own stream, and a cancelled command's session is replaced
            PrintStream commandOutput = new PrintStream(new Unclosable(terminal.output()), true,
                    StandardCharsets.UTF_8);
            AtomicReference<RuntimeShell> shell = new AtomicReference<>(openShell(commandOutput));
            try {
                out.println(banner);
                terminal.handle(Terminal.Signal.INT, signal -> {
                    cancelled.set(true);
                    cancel(shell.get());
                });
                loop(reader, shell, commandOutput, out);
            } finally {
                reader.getHistory().save();
                shell.get().close();
            }
        } finally {
            standardError.detach();
        }
    }

    private RuntimeShell openShell(PrintStream commandOutput) throws Exception {
        return RuntimeShell.open(runtime.bundleContext(), READY_TIMEOUT, commandOutput, commandOutput);
    }

    private void loop(LineReader reader, AtomicReference<RuntimeShell> shell, PrintStream commandOutput,
            PrintStream out) throws Exception {
        while (running()) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException typedCtrlC) {
                // Ctrl-C at the prompt drops the line being typed, as in any shell
                continue;
            } catch (EndOfFileException ctrlD) {
                out.println("Stopping the PRSM runtime (Ctrl-D).");
                return;
            }
            String command = line.strip();
            if (command.isEmpty() || command.startsWith("#")) {
                continue;
            }
            if (command.equals("stop") || command.equals("exit")) {
                out.println("Stopping the PRSM runtime.");
                return;
            }
            cancelled.set(false);
            execute(shell.get(), command, out);
            if (cancelled.get()) {
                // the cancelled command's interrupt may have closed the session's output channel
                shell.getAndSet(openShell(commandOutput)).close();
            }
        }
        out.println("The runtime stopped.");
    }

    private void execute(RuntimeShell shell, String command, PrintStream out) {
        try {
            String answer = shell.execute(command);
            if (!answer.isEmpty()) {
                out.println(answer);
            }
        } catch (Exception failure) {
            if (Thread.interrupted() || failure instanceof InterruptedException
                    || failure.getCause() instanceof InterruptedException) {
                out.println("Cancelled (Ctrl-C)." + (failure.getMessage() == null ? "" : " "
                        + RuntimeShell.describe(failure)));
                awaitCancelled(shell);
            } else {
                out.println("Error: " + RuntimeShell.describe(failure));
            }
        } finally {
            // an interrupt that reached this thread is spent on this command, not on the next prompt
            Thread.interrupted();
        }
    }

    private static void awaitCancelled(RuntimeShell shell) {
        try {
            shell.awaitCancelled(CANCEL_TIMEOUT);
        } catch (Exception interruptedAgain) {
            Thread.interrupted();
        }
    }

    private static void cancel(RuntimeShell shell) {
        try {
            shell.interrupt();
        } catch (Exception cannot) {
            System.err.println("Could not cancel the command: " + RuntimeShell.describe(cannot));
        }
    }

    /** Whether the framework still runs: {@code stop 0} or SIGTERM end the shell too. */
    private boolean running() {
        BundleContext context = runtime.bundleContext();
        try {
            return context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.ACTIVE;
        } catch (IllegalStateException stopped) {
            return false;
        }
    }

    /**
     * JLine splits words only to complete them; Gogo parses the line. Unclosed quotes ask for more
     * input, but brackets are Gogo's business, so a stray one reaches Gogo and is reported there.
     */
    private static DefaultParser lenientParser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedBracket();
        parser.setEscapeChars(new char[0]);
        return parser;
    }

    /** The history file in the storage folder. */
    static Path historyFile(Path storage) {
        return storage.resolve("history");
    }

    /** The terminal's stream as Gogo gets it: closing it flushes and leaves the terminal open. */
    private static final class Unclosable extends java.io.FilterOutputStream {

        Unclosable(java.io.OutputStream terminal) {
            super(terminal);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
