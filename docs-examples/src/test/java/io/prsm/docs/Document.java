package io.prsm.docs;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** A marked block: what its marker says after the prefix, and the block's text. */
    record Block(String marker, String content) {
    }

    /** The fenced block after the marker {@code <!-- name -->}, without its fences. */
    String block(String marker) {
        String comment = "<!-- " + marker + " -->";
        int at = text.indexOf(comment);
        assertTrue(name + " has no " + comment, at >= 0);
        return fencedAfter(at);
    }

    /** Every block marked {@code <!-- prefix: ... -->}, in the document's order. */
    List<Block> blocks(String prefix) {
        List<Block> blocks = new ArrayList<>();
        String opening = "<!-- " + prefix + ":";
        for (int at = text.indexOf(opening); at >= 0; at = text.indexOf(opening, at + 1)) {
            int end = text.indexOf("-->", at);
            blocks.add(new Block(text.substring(at + opening.length(), end).strip(), fencedAfter(at)));
        }
        return blocks;
    }

    /** How many fenced blocks the document has. */
    int fencedBlocks() {
        int fences = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("```")) {
                fences++;
            }
        }
        return fences / 2;
    }

    private String fencedAfter(int at) {
        int open = text.indexOf("```", at);
        int start = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n```", start);
        return text.substring(start, close).strip();
    }
}
