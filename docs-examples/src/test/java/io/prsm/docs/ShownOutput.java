package io.prsm.docs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a document shows an example printing, compared with what it printed: each shown line
 * appears, in order, as a whole line of the output; {@code ...} in a shown line stands for what
 * changes from run to run (timings, temporary folders). Lines the document leaves out (the JVM's
 * own warnings) may come between.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ShownOutput {

    private ShownOutput() {
    }

    /** The first shown line the output lacks (in order), or null when it has them all. */
    static String missing(String shown, String printed) {
        List<String> lines = printed.lines().map(String::strip).toList();
        int next = 0;
        for (String line : shown.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            Pattern pattern = pattern(line);
            while (next < lines.size() && !pattern.matcher(lines.get(next)).matches()) {
                next++;
            }
            if (next == lines.size()) {
                return line;
            }
            next++;
        }
        return null;
    }

    private static Pattern pattern(String shownLine) {
        StringBuilder regex = new StringBuilder();
        String[] parts = shownLine.split("\\.\\.\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
