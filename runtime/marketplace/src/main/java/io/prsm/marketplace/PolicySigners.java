package io.prsm.marketplace;

import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.platform.PlatformBundles;
import io.prsm.platform.RepositorySigners;

/**
 * The gatekeeper's answer to who the policy ({@code "repositories"} of {@code policy.json}) says
 * must have signed the jars of a repository, asked at every install so that a policy reload
 * applies. Fails closed: with no gatekeeper there is no answer, and nothing is installed.
 *
 * <p>Concurrent semantics: thread-safe.
 */
final class PolicySigners {

    private final ServiceTracker<RepositorySigners, RepositorySigners> rules;

    PolicySigners(BundleContext context) {
        this.rules = new ServiceTracker<>(context, RepositorySigners.class, null) {
            @Override
            public RepositorySigners addingService(ServiceReference<RepositorySigners> reference) {
                // a plugin may register one too: only the platform's counts
                return PlatformBundles.registeredByPlatform(reference) ? super.addingService(reference) : null;
            }
        };
    }

    void open() {
        rules.open();
    }

    void close() {
        rules.close();
    }

    List<String> requiredFor(String repository) throws PluginOperationException {
        RepositorySigners signers = rules.getService();
        if (signers == null) {
            throw new PluginOperationException("The gatekeeper (bundle io.prsm.sandbox) is not running, so the "
                    + "policy's signer rules for repository '" + repository + "' are unknown; nothing was installed. "
                    + "Start the runtime with its gatekeeper.");
        }
        return signers.requiredFor(repository);
    }
}
