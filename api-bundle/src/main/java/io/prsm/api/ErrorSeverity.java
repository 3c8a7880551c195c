package io.prsm.api;

import java.util.Locale;

/** How bad a failed task is; written in responses in lower case ({@code low} … {@code critical}). */
public enum ErrorSeverity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case name used in JSON responses. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
