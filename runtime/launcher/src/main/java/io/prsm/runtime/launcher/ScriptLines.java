package io.prsm.runtime.launcher;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The lines of a batch script, read as bytes and decoded one line at a time, so that a line that
 * is not UTF-8, or is longer than a line may be, is that line's error (reported with its number,
 * not run) and the lines after it still run, as after any other failed command.
 *
 * <p>Concurrent semantics: not thread-safe; one reader per script.
 */
final class ScriptLines implements Closeable {

    /** The longest line a script may have. */
    static final int MAX_LINE_BYTES = 16 << 20;

    /** One line: its number, and its text or why it cannot be run. */
    record Line(int number, String text, String problem) {
    }

    private final InputStream in;
    private final int maxBytes;
    private int number;

    ScriptLines(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    ScriptLines(InputStream in, int maxBytes) {
        this.in = new BufferedInputStream(in);
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the script. */
    Line next() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean tooLong = false;
        int read;
        while ((read = in.read()) >= 0 && read != '\n') {
            if (bytes.size() < maxBytes) {
                bytes.write(read);
            } else {
                tooLong = true;
            }
        }
        if (read < 0 && bytes.size() == 0 && !tooLong) {
            return null;
        }
        number++;
        if (tooLong) {
            return new Line(number, null, "the line is longer than " + maxBytes + " bytes");
        }
        byte[] line = bytes.toByteArray();
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        int start = number == 1 && length >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                && (line[2] & 0xff) == 0xbf ? 3 : 0;
        ByteBuffer input = ByteBuffer.wrap(line, start, length - start);
        CharBuffer text = CharBuffer.allocate(length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(input, text, true);
        if (result.isError()) {
            int at = input.position();
            return new Line(number, null, String.format(Locale.ROOT, "the line is not UTF-8 text (byte 0x%02X at byte "
                    + "%d); save the script as UTF-8", line[at] & 0xff, at + 1));
        }
        decoder.flush(text);
        return new Line(number, text.flip().toString(), null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
