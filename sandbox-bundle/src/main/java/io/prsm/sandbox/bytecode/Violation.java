package io.prsm.sandbox.bytecode;

import io.prsm.api.SecurityLevel;

/**
 * One use of a forbidden API.
 *
 * @param className the plugin class, dotted
 * @param method the method using it, as {@code name(descriptor)}, or {@code <class>} for the
 *        class declaration itself (a forbidden superclass)
 * @param line the source line, or -1 when the class has no line numbers
 * @param api the API used, dotted, for example {@code java.io.File.<init>}
 * @param reason what the API would give the plugin
 * @param level the level that forbids it
 * @param rule the allow-list's answer: the entry that is missing, or the refusal that matched;
 *        null when the class could not be checked at all
 */
public record Violation(String className, String method, int line, String api, String reason, SecurityLevel level,
        String rule) {

    /** A violation that is no allow-list decision (an unreadable class, a jar nested too deep). */
    public Violation(String className, String method, int line, String api, String reason, SecurityLevel level) {
        this(className, method, line, api, reason, level, null);
    }

    /** One line for an operator: where, what, and why it is refused. */
    @Override
    public String toString() {
        return className + "." + method + (line > 0 ? " line " + line : "") + " uses " + api + ": " + reason
                + " is not allowed at level " + level.id() + (rule == null ? "" : " (" + rule + ")");
    }
}
