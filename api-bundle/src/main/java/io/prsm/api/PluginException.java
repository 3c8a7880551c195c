package io.prsm.api;

import java.util.Objects;

/**
 * A plugin failed to do what it was asked. The runtime turns it into a failed
 * {@link PluginResponse} carrying this exception's message, severity and code, and retries the
 * task with exponential backoff when the failure is {@linkplain #isRetryable() retryable}
 * (for example a remote service that timed out).
 */
public class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final ErrorSeverity severity;
    private final boolean retryable;

    /** A non-retryable failure of severity {@code high} with code {@code PLUGIN_ERROR}. */
    public PluginException(String message) {
        this(message, "PLUGIN_ERROR", ErrorSeverity.HIGH, false, null);
    }

    /** A non-retryable failure of severity {@code high} with code {@code PLUGIN_ERROR}. */
    public PluginException(String message, Throwable cause) {
        this(message, "PLUGIN_ERROR", ErrorSeverity.HIGH, false, cause);
    }

    /**
     * @param message what went wrong, for the caller
     * @param errorCode a stable code the caller can act on, for example {@code UPSTREAM_TIMEOUT}
     * @param severity how bad it is
     * @param retryable whether the same task may succeed if tried again
     * @param cause the underlying failure, or {@code null}
     */
    public PluginException(String message, String errorCode, ErrorSeverity severity, boolean retryable,
            Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.retryable = retryable;
    }

    /** A failure that may go away if the task is tried again. */
    public static PluginException retryable(String message, String errorCode) {
        return new PluginException(message, errorCode, ErrorSeverity.MEDIUM, true, null);
    }

    public String getErrorCode() {
        return errorCode;
    }

    public ErrorSeverity getSeverity() {
        return severity;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
