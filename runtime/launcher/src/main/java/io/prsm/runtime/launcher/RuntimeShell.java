package io.prsm.runtime.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Gogo session on a running PRSM runtime, for code outside the framework (the batch mode, the
 * test harness): it waits until the shell and the {@code prsm} commands are registered, then runs
 * command lines and returns what they answer.
 *
 * <p>Concurrent semantics: not thread-safe, like the Gogo session it wraps.
 */
public final class RuntimeShell implements AutoCloseable {

    private final GogoSession session;
    private final ByteArrayOutputStream printed;

    private RuntimeShell(GogoSession session, ByteArrayOutputStream printed) {
        this.session = session;
        this.printed = printed;
    }

    /**
     * Opens a session once the shell is ready, waiting at most {@code timeout}.
     *
     * @param out where commands print, or null to collect it into each {@link #execute} answer
     * @throws IllegalStateException if the shell or the plugins are not ready in time
     */
    public static RuntimeShell open(BundleContext context, Duration timeout, PrintStream out, PrintStream err)
            throws Exception {
        Object processor = awaitShell(context, timeout);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream target = out != null ? out : new PrintStream(printed, true, StandardCharsets.UTF_8);
        // commands must not read anything as their own input
        GogoSession session = GogoSession.open(processor, new ByteArrayInputStream(new byte[0]), target,
                err != null ? err : target);
        return new RuntimeShell(session, printed);
    }

    /**
     * Runs one command line; returns its answer as the shell prints it (and, when the session
     * collects output, what the command printed before it), or throws what the command threw.
     */
    public String execute(String command) throws Exception {
        printed.reset();
        Object result = session.execute(command);
        String answer = result == null ? "" : session.format(result);
        String output = printed.toString(StandardCharsets.UTF_8);
        return output.isEmpty() ? answer : output + answer;
    }

    /** Cancels the command running in this session (Ctrl-C); does nothing when none runs. */
    public void interrupt() throws Exception {
        session.interruptForeground();
    }

    /** Waits at most {@code timeout} until a cancelled command has unwound, so the next one may run. */
    public void awaitCancelled(Duration timeout) throws Exception {
        session.awaitForegroundDone(timeout);
    }

    @Override
    public void close() throws Exception {
        session.close();
    }

    /**
     * Waits until Gogo and the prsm commands are registered. The runtime itself is ready already:
     * {@link io.prsm.runtime.embed.PrsmRuntime} starts return only then.
     */
    private static Object awaitShell(BundleContext context, Duration timeout) throws InterruptedException {
        ServiceTracker<Object, Object> processors = new ServiceTracker<>(context,
                filter("(objectClass=org.apache.felix.service.command.CommandProcessor)"), null);
        ServiceTracker<Object, Object> commands = new ServiceTracker<>(context, filter("(osgi.command.scope=prsm)"),
                null);
        // the launcher has no Gogo classes of its own, so it reaches Gogo through every class space
        processors.open(true);
        commands.open(true);
        try {
            Object processor = processors.waitForService(timeout.toMillis());
            if (processor == null || commands.waitForService(timeout.toMillis()) == null) {
                throw new IllegalStateException("The Gogo shell or the prsm commands did not start within "
                        + timeout.toSeconds() + " s; see the errors above");
            }
            return processor;
        } finally {
            commands.close();
            processors.close();
        }
    }

    private static Filter filter(String filter) {
        try {
            return FrameworkUtil.createFilter(filter);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalArgumentException(impossible);
        }
    }

    /**
     * What went wrong, as a sentence for the operator: the exception's own message without Gogo's
     * wrapping, a stack trace or a Java class name; Gogo's own complaints say what to do instead.
     */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause.getMessage() == null
                || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return "The command failed without saying why (" + cause.getClass().getSimpleName()
                    + "); run it again with --debug to see where.";
        }
        return ShellMessages.explain(message);
    }
}
