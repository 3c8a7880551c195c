package io.prsm.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The threads a plugin started that still run, as the gatekeeper counted them at their start. The
 * gatekeeper registers it; the runtime's containment charges a plugin with these threads' memory
 * and CPU time besides its tasks'.
 *
 * <p>Concurrent semantics: thread-safe; each call answers a snapshot.
 */
@ProviderType
public interface PluginThreads {

    /** The threads {@code plugin} started that still run; empty when it started none. */
    List<Thread> startedBy(Bundle plugin);
}
