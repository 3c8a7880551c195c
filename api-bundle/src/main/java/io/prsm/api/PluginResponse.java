package io.prsm.api;

import java.util.Objects;

/**
 * What a plugin answers to a task. A successful response carries JSON-shaped {@code data}; a
 * failed one carries an {@code error} message, its {@code errorSeverity} and a stable
 * {@code errorCode}.
 *
 * @param success whether the task did what it was asked
 * @param data the result (maps, lists, strings, numbers, booleans), or {@code null}
 * @param error what went wrong and what to do, or {@code null} on success
 * @param errorSeverity how bad the failure is, or {@code null} on success
 * @param errorCode a stable code for the failure, or {@code null} on success
 */
public record PluginResponse(boolean success, Object data, String error, ErrorSeverity errorSeverity,
        String errorCode) {

    public PluginResponse {
        if (success && (error != null || errorSeverity != null || errorCode != null)) {
            throw new IllegalArgumentException("A successful response carries no error");
        }
        if (!success) {
            Objects.requireNonNull(error, "A failed response needs an error message");
            Objects.requireNonNull(errorSeverity, "A failed response needs a severity");
            Objects.requireNonNull(errorCode, "A failed response needs an error code");
        }
    }

    /** A successful response with {@code data}. */
    public static PluginResponse success(Object data) {
        return new PluginResponse(true, data, null, null, null);
    }

    /** A failed response. */
    public static PluginResponse failure(String error, ErrorSeverity severity, String errorCode) {
        return new PluginResponse(false, null, error, severity, errorCode);
    }

    /** The failed response that stands for {@code exception}. */
    public static PluginResponse failure(PluginException exception) {
        return failure(exception.getMessage(), exception.getSeverity(), exception.getErrorCode());
    }
}
