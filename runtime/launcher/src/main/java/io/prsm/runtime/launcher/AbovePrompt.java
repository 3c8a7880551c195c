package io.prsm.runtime.launcher;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.jline.reader.LineReader;

/**
 * Standard error as the interactive shell installs it, before the runtime starts: Gogo's ThreadIO
 * keeps the standard error it finds when it starts as the default for every thread outside a
 * command and puts it back whenever a command runs, so a stream installed later is bypassed. While
 * a line reader is attached, each line is printed above the prompt so it never lands in the line
 * being typed; otherwise it goes to the original standard error.
 *
 * <p>Concurrent semantics: thread-safe; lines are written whole, one at a time.
 */
final class AbovePrompt extends OutputStream {

    private final PrintStream fallback;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile LineReader reader;

    AbovePrompt(PrintStream fallback) {
        this.fallback = fallback;
    }

    /** Prints the lines above {@code lineReader}'s prompt from now on. */
    void attach(LineReader lineReader) {
        reader = lineReader;
    }

    /** Prints the lines to the original standard error again (the terminal is closing). */
    void detach() {
        reader = null;
    }

    @Override
    public synchronized void write(int b) {
        if (b != '\n') {
            line.write(b);
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        LineReader current = reader;
        if (current == null) {
            fallback.println(text);
            return;
        }
        try {
            current.printAbove(text);
        } catch (RuntimeException terminalGone) {
            fallback.println(text);
        }
    }

    @Override
    public synchronized void flush() {
        fallback.flush();
    }
}
