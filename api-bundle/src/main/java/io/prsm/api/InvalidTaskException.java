package io.prsm.api;

/**
 * The task itself is wrong: a missing or malformed field, an unknown option. The caller must fix
 * the task; the runtime never retries it and does not count it against the plugin's health.
 */
public class InvalidTaskException extends PluginException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the task and how to fix it */
    public InvalidTaskException(String message) {
        super(message, "INVALID_TASK", ErrorSeverity.LOW, false, null);
    }
}
