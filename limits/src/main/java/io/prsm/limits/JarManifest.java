package io.prsm.limits;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A jar manifest read strictly, the way the framework reads it and a little stricter, in one
 * pass: {@code Name: value} lines, continuation lines starting with one space, sections separated
 * by blank lines. What the framework would refuse is reported, one line each: a header repeated in
 * a section (Felix refuses it with "Could not create bundle object"; the JDK's own reader keeps the
 * last and prints a warning for every repeat), a line that is not a header, a name the JAR format
 * does not allow, text that is not UTF-8. The JDK's {@code java.util.jar.Manifest} never sees a
 * manifest this class has not cleared.
 *
 * @param main the main section's headers, in the order written (names as written)
 * @param problems what is wrong, one line each; empty when the manifest is sound
 *
 * <p>Concurrent semantics: immutable.
 */
public record JarManifest(Map<String, String> main, List<String> problems) {

    /** Problems named one by one; the rest are counted. */
    static final int NAMED_PROBLEMS = 10;

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,69}");

    public JarManifest {
        main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
        problems = List.copyOf(problems);
    }

    /**
     * Reads {@code content}, the bytes of {@code META-INF/MANIFEST.MF}.
     *
     * @throws OverLimitException if the main section has more headers than {@code limits} allow
     */
    public static JarManifest read(byte[] content, JarLimits limits) throws OverLimitException {
        return new Reader(content, limits).read();
    }

    /** One pass over the manifest's lines. */
    private static final class Reader {
        private final byte[] content;
        private final JarLimits limits;
        private final Map<String, String> main = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private int unnamedProblems;
        /** The section being read: lower-case header name to the line it was first seen on. */
        private final Map<String, Integer> seen = new HashMap<>();
        private boolean inMain = true;
        private int section = 1;
        private String name;
        private int nameLine;
        private ByteBuffer value;
        private int headers;

        Reader(byte[] content, JarLimits limits) {
            this.content = content;
            this.limits = limits;
        }

        JarManifest read() throws OverLimitException {
            int line = 0;
            int start = 0;
            while (start < content.length) {
                line++;
                int end = start;
                while (end < content.length && content[end] != '\n' && content[end] != '\r') {
                    end++;
                }
                int next = end;
                if (next < content.length && content[next] == '\r') {
                    next++;
                    if (next < content.length && content[next] == '\n') {
                        next++;
                    } else if (next < content.length) {
                        problem("line " + line + " ends with a lone carriage return; end lines with \\n or \\r\\n");
                    }
                } else if (next < content.length) {
                    next++;
                }
                line(start, end, line);
                start = next;
            }
            finish();
            if (unnamedProblems > 0) {
                problems.add("The manifest has " + unnamedProblems + " more problems of these kinds.");
            }
            return new JarManifest(main, problems);
        }

        private void line(int start, int end, int line) throws OverLimitException {
            if (start == end) {
                finish();
                if (!seen.isEmpty() || inMain) {
                    inMain = false;
                    section++;
                    seen.clear();
                }
                return;
            }
            if (content[start] == ' ') {
                if (name == null) {
                    problem("line " + line + " continues a header, but no header comes before it");
                } else {
                    append(start + 1, end);
                }
                return;
            }
            finish();
            int colon = start;
            while (colon < end && content[colon] != ':') {
                colon++;
            }
            if (colon == end) {
                problem("line " + line + " is not a header: write it as Name: value");
                return;
            }
            String header = new String(content, start, colon - start, StandardCharsets.ISO_8859_1);
            if (!HEADER_NAME.matcher(header).matches()) {
                problem("line " + line + ": '" + Quote.prefix(header) + "' is not a header name (letters, digits, - and _, "
                        + "at most 70)");
                return;
            }
            if (colon + 1 >= end || content[colon + 1] != ' ') {
                problem("line " + line + ": header " + header + " needs a space after its colon");
                return;
            }
            if (inMain && ++headers > limits.maxManifestHeaders()) {
                throw new OverLimitException("The manifest", "has more than", limits.maxManifestHeaders()
                        + " headers in its main section", JarLimits.MAX_MANIFEST_HEADERS);
            }
            Integer first = seen.putIfAbsent(header.toLowerCase(Locale.ROOT), line);
            if (first != null) {
                problem("header " + header + " appears twice in " + (inMain ? "the main section" : "section " + section)
                        + " (lines " + first + " and " + line + "); the framework refuses a repeated header: keep one");
                return;
            }
            name = header;
            nameLine = line;
            value = ByteBuffer.allocate(Math.max(16, end - colon - 2));
            append(colon + 2, end);
        }

        private void append(int from, int to) {
            if (value.remaining() < to - from) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(value.capacity() * 2, value.position() + to - from));
                value.flip();
                larger.put(value);
                value = larger;
            }
            value.put(content, from, to - from);
        }

        /** The header being read is complete. */
        private void finish() {
            if (name == null) {
                return;
            }
            value.flip();
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(value).toString();
                if (inMain) {
                    main.put(name, text);
                }
            } catch (CharacterCodingException notUtf8) {
                problem("header " + name + " (line " + nameLine + ") is not UTF-8 text");
            }
            name = null;
            value = null;
        }

        private void problem(String problem) {
            if (problems.size() < NAMED_PROBLEMS) {
                problems.add("The manifest's " + problem + ".");
            } else {
                unnamedProblems++;
            }
        }
    }
}
