package io.prsm.limits;

/**
 * JSON that {@link BoundedJson} refused: not JSON, or over a {@link JsonLimits} limit. The message
 * is one line that says which, where (line and column when known) and what to do; it quotes at
 * most a short prefix of the input, and nothing of it when the source is a file.
 */
public final class JsonInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean overLimit;

    JsonInputException(String message, boolean overLimit) {
        super(message, null, false, false);
        this.overLimit = overLimit;
    }

    /** Whether the document went over a limit (an HTTP caller gets 413), rather than being malformed (400). */
    public boolean overLimit() {
        return overLimit;
    }
}
