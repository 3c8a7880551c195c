package io.prsm.limits;

import java.io.IOException;

/**
 * Input refused because it goes over a limit: the message is one line that names what went over
 * (a jar entry, a file, a JSON document), the limit, and the property that sets it. No stack
 * trace is kept: the refusal is an answer, not a fault.
 */
public final class OverLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * @param what what went over, for example {@code entry lib/a.jar!/x/Big.class}
     * @param excess how it went over, for example {@code inflates to more than}
     * @param limit the limit, in the unit the message shows
     * @param property the framework property that sets the limit
     */
    public OverLimitException(String what, String excess, String limit, String property) {
        super(what + " " + excess + " " + limit + " (" + property + "); nothing genuine comes near that limit, "
                + "so this is refused. If it is genuine, raise " + property + ".", null);
        this.property = property;
    }

    /** The framework property that sets the limit this input went over. */
    public String property() {
        return property;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
