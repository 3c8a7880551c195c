package io.prsm.runtime.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split into words as the shell reads it: spaces separate words, single or double
 * quotes keep a word whole (the JSON of a task, say), and {@code prsm:} in front of the command is
 * optional.
 *
 * <p>Concurrent semantics: stateless.
 */
final class CommandWords {

    private CommandWords() {
    }

    /** The words of {@code line}, the command first and without its {@code prsm:} scope. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("The command line ends inside a " + (quote == '\'' ? "single" : "double")
                    + " quote; close it.");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty() && words.get(0).startsWith("prsm:")) {
            words.set(0, words.get(0).substring("prsm:".length()));
        }
        return words;
    }
}
