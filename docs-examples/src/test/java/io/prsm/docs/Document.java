package io.prsm.docs;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Markdown document whose runnable blocks are marked with {@code <!-- name -->} on the line
 * before the fence, so a test runs exactly what the reader sees.
 *
 * <p>Concurrent semantics: immutable.
 */
final class Document {

    private final String name;
    private final String text;

    private Document(String name, String text) {
        this.name = name;
        this.text = text;
    }

    static Document read(Path file) throws IOException {
        return new Document(file.getFileName().toString(), Files.readString(file));
    }

    /** The fenced block after the marker {@code <!-- name -->}, without its fences. */
    String block(String marker) {
        String comment = "<!-- " + marker + " -->";
        int at = text.indexOf(comment);
        assertTrue(name + " has no " + comment, at >= 0);
        int open = text.indexOf("```", at);
        int start = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n```", start);
        return text.substring(start, close).strip();
    }
}
