package io.prsm.api.containment;

/**
 * Thrown by woven plugin code once the runtime stopped it: the task's deadline passed, or the
 * plugin is being stopped, quarantined or uninstalled. An {@link Error}, so ordinary
 * {@code catch (Exception e)} clauses let it pass; a clause that catches it anyway throws it
 * again at once (the gatekeeper weaves a check into every catch handler), and the code keeps
 * throwing it at every loop and call until it has left the plugin.
 *
 * <p>Concurrent semantics: immutable.
 */
public final class PluginCodeStopped extends Error {

    private static final long serialVersionUID = 1L;

    public PluginCodeStopped(String reason) {
        // no stack trace: it is thrown in loops of code that is being stopped, and says why itself
        super(reason, null, false, false);
    }
}
