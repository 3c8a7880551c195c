package io.prsm.runtime.tasks;

/**
 * The settings of a platform-owned thread that a plugin's code can change while a task runs on it
 * (where its level lets it): its context class loader, name, priority and uncaught-exception
 * handler. Taken before a task and put back after it, so a pooled thread does not carry one task's
 * settings into the next, and above all does not keep a plugin's class loader (and all its static
 * data) reachable after the plugin was refreshed or uninstalled. The daemon flag cannot change on
 * a started thread, and the thread's group is fixed at its start: neither needs restoring.
 *
 * <p>Concurrent semantics: immutable; {@link #restore()} acts on the thread it was taken from and
 * must be called on that thread.
 */
record ThreadSettings(Thread thread, ClassLoader contextLoader, String name, int priority,
        Thread.UncaughtExceptionHandler handler) {

    /** The settings of the calling thread now. */
    static ThreadSettings ofCurrentThread() {
        Thread thread = Thread.currentThread();
        return new ThreadSettings(thread, thread.getContextClassLoader(), thread.getName(), thread.getPriority(),
                ownHandler(thread));
    }

    /**
     * The handler set on the thread itself, or null: {@link Thread#getUncaughtExceptionHandler()}
     * answers the thread's group when none is set, and setting that group explicitly would keep it
     * reachable from the thread.
     */
    private static Thread.UncaughtExceptionHandler ownHandler(Thread thread) {
        Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
        return handler == thread.getThreadGroup() ? null : handler;
    }

    /** Puts the settings back on the thread, changing only what differs. */
    void restore() {
        if (thread.getContextClassLoader() != contextLoader) {
            thread.setContextClassLoader(contextLoader);
        }
        if (!thread.getName().equals(name)) {
            thread.setName(name);
        }
        if (thread.getPriority() != priority) {
            thread.setPriority(priority);
        }
        if (ownHandler(thread) != handler) {
            thread.setUncaughtExceptionHandler(handler);
        }
    }
}
