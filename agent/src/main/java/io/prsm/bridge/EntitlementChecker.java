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
     * {@link #check}, knowing which bundles' code may be on the thread's stack, and saying which
     * it found. Meaningful only where every class of plugin code counts its method entries
     * ({@link Entitlements#pluginCodeRan}), which a checker that answers anything but null promises.
     *
     * @param pluginsThatRan the bundle ids whose frames may be on the stack (a superset: every
     *        bundle found by this checker's last whole-stack walk on this thread, and every bundle
     *        whose code ran since), or null when this checker knows nothing of the thread yet; the
     *        same array is handed to the thread's next checks while it holds, so it must not be changed
     * @return the ids of the bundles with a frame on the stack, when the whole stack was walked
     *         (empty: no plugin code at all, so the thread's next checks may return at once until
     *         plugin code runs on it); null when the check learned nothing, as this default does
     */
    default long[] checkKnowing(String sink, Object target, Object detail, long[] pluginsThatRan) {
        check(sink, target, detail);
        return null;
    }

    /** Whether {@code caller} is platform code, which alone may mark an act as its own. */
    boolean isPlatform(Class<?> caller);
}
