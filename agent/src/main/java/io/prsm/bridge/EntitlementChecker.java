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

    /**
     * {@link #check}, answering whether the act's thread may skip its next checks until plugin code
     * runs on it again: true only when the whole stack held no frame of untrusted code and every
     * class of untrusted code counts its method entries ({@link Entitlements#pluginCodeRan}). A
     * checker that cannot promise both answers false, as this default does.
     */
    default boolean checkReportingClean(String sink, Object target, Object detail) {
        check(sink, target, detail);
        return false;
    }

    /** Whether {@code caller} is platform code, which alone may mark an act as its own. */
    boolean isPlatform(Class<?> caller);
}
