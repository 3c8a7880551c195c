package io.prsm.api.runtime;

import java.util.Locale;

/** Where a plugin is in its lifecycle. */
public enum PluginState {
    /** Installed and meant to run, but not resolved: a requirement is missing (see prsm:info). */
    INSTALLED,
    /** Resolved, or started and waiting for its {@code Plugin} service. */
    RESOLVED,
    /** Its {@code Plugin} service was found and {@code initialize} is running. */
    INITIALIZED,
    /** Initialized; executes tasks. */
    ACTIVE,
    /** Refused (invalid manifest), failed to initialize, or quarantined; see the last error. */
    FAILED,
    /** Not started, or stopped by an operator; stays so across restarts and keeps its data. */
    STOPPED;

    /** The lower-case name shown to operators. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
