package io.prsm.runtime.launcher;

import java.io.PrintStream;
import java.time.Duration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.prsm.limits.Quote;

/**
 * Runs a script of Gogo commands, one per line, through the framework's Gogo
 * {@code CommandProcessor}: prints what each prints, reports each failure, and says whether all
 * succeeded. Blank lines and lines starting with {@code #} are skipped; a line that cannot be run
 * (not UTF-8, too long) fails like a command that failed, and the lines after it run.
 *
 * <p>Concurrent semantics: not thread-safe; one run per instance.
 */
final class BatchRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How much of a command its error line repeats: a path in full, not a 50 MB argument. */
    private static final int SHOWN = 200;

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;

    /** @param out and {@code err}: the process's own streams, captured before Gogo redirects them */
    BatchRunner(BundleContext context, PrintStream out, PrintStream err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    /** Runs every line of {@code script}; returns whether every command succeeded. */
    boolean run(ScriptLines script) throws Exception {
        boolean allSucceeded = true;
        try (RuntimeShell shell = RuntimeShell.open(context, READY_TIMEOUT, out, err)) {
            for (ScriptLines.Line line = script.next(); line != null; line = script.next()) {
                int number = line.number();
                if (line.problem() != null) {
                    allSucceeded = false;
                    err.println("Error on line " + number + ": " + line.problem() + "; it was not run.");
                    continue;
                }
                String command = line.text().strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                if (stopping()) {
                    err.println("The runtime is stopping: line " + number + " (" + Quote.prefix(command, SHOWN)
                            + ") and the lines after "
                            + "it were not run.");
                    return false;
                }
                try {
                    String answer = shell.execute(command);
                    if (!answer.isEmpty()) {
                        out.println(answer);
                    }
                } catch (Exception failure) {
                    allSucceeded = false;
                    if (stopping()) {
                        err.println("The runtime is stopping: line " + number + " (" + Quote.prefix(command, SHOWN) + ") was cut short "
                                + "and the lines after it were not run.");
                        return false;
                    }
                    err.println("Error on line " + number + " (" + Quote.prefix(command, SHOWN) + "): "
                            + RuntimeShell.describe(failure));
                }
                out.flush();
            }
        }
        return allSucceeded;
    }

    /** Whether the framework is stopping (SIGTERM, Ctrl-C): no point in running more commands. */
    private boolean stopping() {
        try {
            return context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() != Bundle.ACTIVE;
        } catch (IllegalStateException stopped) {
            return true;
        }
    }
}
