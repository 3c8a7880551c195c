package io.prsm.runtime.launcher;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs a script of Gogo commands, one per line, through the framework's Gogo
 * {@code CommandProcessor}: prints what each prints, reports each failure, and says whether all
 * succeeded. Blank lines and lines starting with {@code #} are skipped.
 *
 * <p>Concurrent semantics: not thread-safe; one run per instance.
 */
final class BatchRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

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
    boolean run(BufferedReader script) throws Exception {
        Object processor = awaitShell();
        boolean allSucceeded = true;
        // commands must not read the script as their own input
        try (GogoSession session = GogoSession.open(processor, new ByteArrayInputStream(new byte[0]), out, err)) {
            int number = 0;
            for (String line = script.readLine(); line != null; line = script.readLine()) {
                number++;
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                try {
                    Object result = session.execute(command);
                    if (result != null) {
                        out.println(session.format(result));
                    }
                } catch (Exception failure) {
                    allSucceeded = false;
                    err.println("Error on line " + number + " (" + command + "): " + describe(failure));
                }
                out.flush();
            }
        }
        return allSucceeded;
    }

    /** Waits until Gogo and the prsm commands are registered and the hot-deploy folder is installed. */
    private Object awaitShell() throws InterruptedException {
        ServiceTracker<Object, Object> processors = new ServiceTracker<>(context,
                filter("(objectClass=org.apache.felix.service.command.CommandProcessor)"), null);
        ServiceTracker<Object, Object> commands = new ServiceTracker<>(context, filter("(osgi.command.scope=prsm)"),
                null);
        // the hot-deploy folder's plugins are installed before the first command runs
        ServiceTracker<Object, Object> deployed = new ServiceTracker<>(context, filter("(prsm.hotdeploy.ready=true)"),
                null);
        processors.open();
        commands.open();
        deployed.open();
        try {
            Object processor = processors.waitForService(READY_TIMEOUT.toMillis());
            if (processor == null || commands.waitForService(READY_TIMEOUT.toMillis()) == null) {
                throw new IllegalStateException("The Gogo shell or the prsm commands did not start within "
                        + READY_TIMEOUT.toSeconds() + " s; see the errors above");
            }
            if (context.getProperty("prsm.plugins.dir") != null
                    && deployed.waitForService(READY_TIMEOUT.toMillis()) == null) {
                throw new IllegalStateException("The plugins in " + context.getProperty("prsm.plugins.dir")
                        + " were not installed within " + READY_TIMEOUT.toSeconds() + " s; see the errors above");
            }
            return processor;
        } finally {
            deployed.close();
            commands.close();
            processors.close();
        }
    }

    private Filter filter(String filter) {
        try {
            return FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalArgumentException(impossible);
        }
    }

    /** The exception's own message, without Gogo's wrapping or a stack trace. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause.getMessage() == null
                || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.toString() : message;
    }
}
