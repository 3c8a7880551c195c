package io.prsm.runtime.launcher;

import java.util.List;
import java.util.stream.Collectors;

/**
 * JSON text for the jar checks' {@code --json} reports: the launcher runs on the class path
 * without Jackson, and these reports hold only strings, booleans and lists of strings.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Json {

    private Json() {
    }

    /** {@code text} as a JSON string, every character that JSON requires escaped. */
    static String string(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    static String strings(List<String> texts) {
        return texts.stream().map(Json::string).collect(Collectors.joining(",", "[", "]"));
    }
}
