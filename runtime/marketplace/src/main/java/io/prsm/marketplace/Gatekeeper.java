package io.prsm.marketplace;

import java.io.IOException;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.SecurityLevel;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.platform.PlatformBundles;
import io.prsm.platform.PluginVerifier;
import io.prsm.platform.RepositorySigners;

/**
 * What the marketplace asks the gatekeeper at every install: who the policy ({@code "repositories"}
 * of {@code policy.json}) says must have signed a repository's jars, so that a policy reload
 * applies; and whether a library's code may run at the level of the plugin that pulls it in.
 * Fails closed: with no gatekeeper there is no answer, and nothing is installed. Services of these
 * types that a plugin registers are ignored.
 *
 * <p>Concurrent semantics: thread-safe; the trackers are.
 */
final class Gatekeeper {

    private final ServiceTracker<RepositorySigners, RepositorySigners> signers;
    private final ServiceTracker<PluginVerifier, PluginVerifier> verifiers;

    Gatekeeper(BundleContext context) {
        this.signers = platformOnly(context, RepositorySigners.class);
        this.verifiers = platformOnly(context, PluginVerifier.class);
    }

    private static <T> ServiceTracker<T, T> platformOnly(BundleContext context, Class<T> type) {
        return new ServiceTracker<>(context, type, null) {
            @Override
            public T addingService(ServiceReference<T> reference) {
                return PlatformBundles.registeredByPlatform(reference) ? super.addingService(reference) : null;
            }
        };
    }

    void open() {
        signers.open();
        verifiers.open();
    }

    void close() {
        verifiers.close();
        signers.close();
    }

    List<String> requiredFor(String repository) throws PluginOperationException {
        RepositorySigners rules = signers.getService();
        if (rules == null) {
            throw absent("the policy's signer rules for repository '" + repository + "' are unknown");
        }
        return rules.requiredFor(repository);
    }

    /** The problems of {@code library}'s code at {@code level}, each naming the class, method and API. */
    List<String> scan(String library, byte[] jar, SecurityLevel level) throws PluginOperationException {
        PluginVerifier verifier = verifiers.getService();
        if (verifier == null) {
            throw absent("library " + library + " cannot be scanned");
        }
        try {
            return verifier.verify(library, jar, level);
        } catch (IOException unreadable) {
            return List.of("its jar cannot be read (" + unreadable.getMessage() + ")");
        }
    }

    private static PluginOperationException absent(String consequence) {
        return new PluginOperationException("The gatekeeper (bundle io.prsm.sandbox) is not running, so " + consequence
                + "; nothing was installed. Start the runtime with its gatekeeper.");
    }
}
