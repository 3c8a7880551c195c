package io.prsm.sandbox.bytecode;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Whether the bytecode scan refuses what it finds ({@code enforce}, the default) or only reports
 * it in the audit log ({@code report}: framework property {@code prsm.bytecode.scan=report}). With
 * the entitlement agent, the scan is the early, precise report (class, method, line), and the
 * wall is where the JDK acts; {@code report} shows that the wall holds by itself, and lets an
 * operator see what a plugin would be refused for without refusing it.
 *
 * <p>Concurrent semantics: immutable.
 */
public enum ScanMode {
    ENFORCE, REPORT;

    /** The framework property that sets it. */
    public static final String PROPERTY = "prsm.bytecode.scan";

    /**
     * The mode {@code property} names; enforce when unset.
     *
     * @throws IllegalArgumentException for any other value, naming both allowed ones
     */
    public static ScanMode from(UnaryOperator<String> property) {
        String value = property.apply(PROPERTY);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("enforce")) {
            return ENFORCE;
        }
        if (value.trim().equalsIgnoreCase("report")) {
            return REPORT;
        }
        throw new IllegalArgumentException(PROPERTY + "=" + value.trim().toLowerCase(Locale.ROOT).substring(0,
                Math.min(40, value.trim().length())) + " is not a scan mode; use enforce or report");
    }

    public boolean refuses() {
        return this == ENFORCE;
    }
}
