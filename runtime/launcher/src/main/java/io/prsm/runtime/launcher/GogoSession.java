package io.prsm.runtime.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A Gogo {@code CommandSession}, driven from the launcher's class path. Gogo's API package cannot
 * be shared through the system bundle (its classes call into {@code org.apache.felix.gogo.runtime}
 * internals), so the launcher reaches the framework's {@code CommandProcessor} service through
 * the interfaces as the bundle loaded them: four public methods, looked up once.
 *
 * <p>Concurrent semantics: not thread-safe, like the Gogo session it wraps.
 */
final class GogoSession implements AutoCloseable {

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;
    private final Method foregroundJob;
    private final Method interrupt;
    private final Method status;
    private final int inspect;

    private GogoSession(Object session, Class<?> sessionType, Class<?> converterType, Class<?> jobType)
            throws ReflectiveOperationException {
        this.session = session;
        this.execute = sessionType.getMethod("execute", CharSequence.class);
        this.format = sessionType.getMethod("format", Object.class, int.class);
        this.close = sessionType.getMethod("close");
        this.foregroundJob = sessionType.getMethod("foregroundJob");
        this.interrupt = jobType.getMethod("interrupt");
        this.status = jobType.getMethod("status");
        this.inspect = converterType.getField("INSPECT").getInt(null);
    }

    /** Opens a session on {@code processor}, a {@code CommandProcessor} service object. */
    static GogoSession open(Object processor, InputStream in, OutputStream out, OutputStream err)
            throws ReflectiveOperationException {
        ClassLoader gogo = processor.getClass().getClassLoader();
        Class<?> processorType = gogo.loadClass("org.apache.felix.service.command.CommandProcessor");
        Class<?> sessionType = gogo.loadClass("org.apache.felix.service.command.CommandSession");
        Class<?> converterType = gogo.loadClass("org.apache.felix.service.command.Converter");
        Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class,
                OutputStream.class);
        return new GogoSession(create.invoke(processor, in, out, err), sessionType, converterType,
                gogo.loadClass("org.apache.felix.service.command.Job"));
    }

    /** Runs one command line; returns its result, or throws what the command threw. */
    Object execute(String command) throws Exception {
        return unwrap(execute, command);
    }

    /** The result as the shell would print it. */
    String format(Object result) throws Exception {
        return String.valueOf(unwrap(format, result, inspect));
    }

    /**
     * Interrupts the command running in this session, as Ctrl-C asks: Gogo runs a command line as a
     * job on threads of its own, so interrupting the thread that waits for it is not enough.
     * Does nothing when no command runs.
     */
    void interruptForeground() throws Exception {
        Object job = unwrap(foregroundJob);
        if (job != null) {
            unwrapOn(job, interrupt);
        }
    }

    /**
     * Waits at most {@code timeout} until no command runs in the foreground: a cancelled command's
     * threads take a moment to unwind, and Gogo refuses the next command until they have. Gogo
     * notifies on the job when its status changes.
     */
    void awaitForegroundDone(java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Object job = unwrap(foregroundJob); job != null; job = unwrap(foregroundJob)) {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            synchronized (job) {
                if (!"Foreground".equals(String.valueOf(unwrapOn(job, status)))) {
                    return;
                }
                job.wait(left);
            }
        }
    }

    @Override
    public void close() throws Exception {
        unwrap(close);
    }

    private Object unwrap(Method method, Object... args) throws Exception {
        return unwrapOn(session, method, args);
    }

    private static Object unwrapOn(Object target, Method method, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException thrown) {
            Throwable cause = thrown.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }
}
