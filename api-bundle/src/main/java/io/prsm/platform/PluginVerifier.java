package io.prsm.platform;

import java.io.IOException;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.prsm.api.SecurityLevel;

/**
 * Checks a plugin jar's code against what its security level allows, before it is installed.
 * The gatekeeper provides it; the plugin manager refuses to install or validate while none is
 * there, and ignores one that a plugin registers.
 *
 * <p>Concurrent semantics: thread-safe.
 */
@ProviderType
public interface PluginVerifier {

    /**
     * The problems of {@code jar} at {@code level}, each naming the class, the method, the API
     * and the allow-list entry that is missing; empty when the code may run at that level.
     *
     * @param pluginId the plugin the jar declares, for the audit log
     * @throws IOException if the jar cannot be read
     */
    List<String> verify(String pluginId, byte[] jar, SecurityLevel level) throws IOException;
}
