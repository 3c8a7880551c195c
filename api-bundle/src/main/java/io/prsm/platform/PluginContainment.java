package io.prsm.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * What the gatekeeper tells the runtime's containment: the threads a plugin started that still
 * run (counted at their start), which it charges with their memory and CPU time besides the
 * plugin's tasks', and what the operator's policy says to do with a plugin over its CPU share.
 * The gatekeeper registers it.
 *
 * <p>Concurrent semantics: thread-safe; each call answers a snapshot.
 */
@ProviderType
public interface PluginContainment {

    /** The threads {@code plugin} started that still run; empty when it started none. */
    List<Thread> threadsStartedBy(Bundle plugin);

    /** Whether a plugin over its declared CPU share is quarantined ({@code true}) or throttled (policy.json). */
    boolean quarantineOverCpuShare();
}
