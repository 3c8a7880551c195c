package io.prsm.limits;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Words for a throwable a plugin threw, made without trusting it. Its {@code getMessage},
 * {@code toString}, {@code getCause} and {@code getStackTrace} are the plugin's code: they may
 * throw, loop or allocate. So they are called only here, on the task's own thread while its
 * deadline and stops hold (woven code stops there), each call guarded: whatever a call throws,
 * the words fall back to the throwable's class name, which no plugin can override. Only the
 * resulting strings go to logs and answers; the throwable itself never leaves the task's thread.
 *
 * The runtime's other callers of plugin code (endpoints, initialize, shutdown) and the
 * gatekeeper's hook bridge describe what they catch the same way, each on the plugin's own thread
 * that caught it, never on a thread of the platform's that waits for it (a {@code Future}'s
 * {@code get} would describe its cause on the waiting thread).
 *
 * <p>Here, not in the runtime, because the runtime and the gatekeeper both copy this package in.
 *
 * <p>Concurrent semantics: stateless; call it on the thread that caught the throwable.
 */
public final class PluginThrowables {

    /** Bound on a description with its stack trace: a plugin cannot fill the log through it. */
    static final int MAX_TRACE_CHARS = 8_000;
    private static final int MAX_MESSAGE_CHARS = 300;

    /** What a description gave: the words, and why the plugin's own words could not be used, or null. */
    public record Described(String text, String refusal) {
    }

    private PluginThrowables() {
    }

    /** {@code toString()} of {@code thrown}, at most 300 characters, or its class name if that fails. */
    public static Described summary(Throwable thrown) {
        try {
            return new Described(Quote.prefix(String.valueOf(thrown), MAX_MESSAGE_CHARS), null);
        } catch (Throwable failed) {
            return fallback(thrown, "toString", failed);
        }
    }

    /** {@code getMessage()} of {@code thrown}, at most 300 characters, or its class name if that fails. */
    public static Described message(Throwable thrown) {
        try {
            return new Described(Quote.prefix(String.valueOf(thrown.getMessage()), MAX_MESSAGE_CHARS), null);
        } catch (Throwable failed) {
            return fallback(thrown, "getMessage", failed);
        }
    }

    /** The stack trace of {@code thrown} with its causes, at most {@link #MAX_TRACE_CHARS}, or its class name if that fails. */
    public static Described trace(Throwable thrown) {
        BoundedWriter text = new BoundedWriter(MAX_TRACE_CHARS);
        try {
            thrown.printStackTrace(new PrintWriter(text));
            return new Described(text.toString(), null);
        } catch (Throwable failed) {
            return fallback(thrown, "stack trace", failed);
        }
    }

    private static Described fallback(Throwable thrown, String part, Throwable failed) {
        String name = thrown.getClass().getName();
        // failed is the plugin's too: only its class name is read
        return new Described(name, "threw " + name + " whose " + part + " could not be read (it threw "
                + failed.getClass().getName() + "); it is described by its class name only");
    }

    /** Keeps the first {@code max} characters written and drops the rest. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int max;

        BoundedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            int room = max - text.length();
            if (room > 0) {
                text.append(chars, offset, Math.min(room, length));
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
