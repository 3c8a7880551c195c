package io.prsm.runtime.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gogo's own complaints turned into sentences that say what to do: a command line it cannot parse
 * (a stray bracket), arguments that fit no variant of a command, an unknown command.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ShellMessages {

    private static final Pattern COERCE = Pattern.compile("Cannot coerce ([\\w.-]+)\\(.*");
    private static final Pattern UNEXPECTED = Pattern.compile("unexpected token '(.{1,3})'.*");
    private static final Pattern NOT_FOUND = Pattern.compile("Command not found: (.*)");

    private ShellMessages() {
    }

    /** {@code message} as the operator should read it; a message PRSM wrote is returned as it is. */
    static String explain(String message) {
        Matcher coerce = COERCE.matcher(message);
        if (coerce.matches()) {
            String command = coerce.group(1);
            return "Wrong arguments for " + command + ". Run help " + command + " to see what it takes.";
        }
        Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.matches()) {
            return "The command line has an unmatched '" + unexpected.group(1) + "'. Put an argument that holds "
                    + "brackets in single quotes, for example '" + unexpected.group(1) + "'.";
        }
        if (message.toLowerCase(java.util.Locale.ROOT).startsWith("unexpected eof")) {
            return "The command line ends inside brackets or quotes. Close them, or put the argument in single quotes.";
        }
        Matcher notFound = NOT_FOUND.matcher(message);
        if (notFound.matches()) {
            return "No command " + notFound.group(1) + ". Run help to see the commands, or press TAB to complete one.";
        }
        return message;
    }
}
