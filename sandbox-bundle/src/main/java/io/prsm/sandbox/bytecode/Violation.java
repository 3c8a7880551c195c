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
 */
public record Violation(String className, String method, int line, String api, String reason, SecurityLevel level) {

    /** One line for an operator: where, what, and why it is refused. */
    @Override
    public String toString() {
        return className + "." + method + (line > 0 ? " line " + line : "") + " uses " + api + ": " + reason
                + " is not allowed at level " + level.id();
    }
}
