package io.prsm.bridge;

/**
 * What an instrumented JDK sink asks before it acts. The gatekeeper implements it and installs it
 * with {@link Entitlements#install}; until then every sink acts unchecked.
 *
 * <p>Concurrent semantics: called from any thread, concurrently; an implementation must be
 * thread-safe and must not block on anything a sink may hold.
 */
public interface EntitlementChecker {

    /**
     * Returns normally when the act may happen, throws {@link EntitlementDeniedException} when it
     * may not.
     *
     * @param sink which sink acts, one of the agent's sink names (for example {@code file.read})
     * @param target what it acts on, as the sink received it (a file, an address, a property name),
     *        or {@code null}
     * @param detail a second argument the decision needs (an open mode, a copy's destination), or
     *        {@code null}
     */
    void check(String sink, Object target, Object detail);

    /** Whether {@code caller} is platform code, which alone may mark an act as its own. */
    boolean isPlatform(Class<?> caller);
}
