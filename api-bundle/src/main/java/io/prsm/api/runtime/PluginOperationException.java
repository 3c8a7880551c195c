package io.prsm.api.runtime;

/**
 * An operation on a plugin could not be done. The message is written for an operator: it says
 * what was wrong and what to do.
 */
public class PluginOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    public PluginOperationException(String message) {
        super(message);
    }

    public PluginOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
