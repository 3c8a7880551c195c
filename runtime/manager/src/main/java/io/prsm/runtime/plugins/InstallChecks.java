package io.prsm.runtime.plugins;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.SecurityLevel;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.Quote;
import io.prsm.platform.JarSigners;
import io.prsm.platform.PlatformBundles;
import io.prsm.platform.PluginVerifier;
import io.prsm.runtime.storage.PluginIdentities;

/**
 * What an install or a swap checks before anything is installed: the jar and its OSGi headers,
 * the plugin contract, whether the plugin id belongs to another bundle's data, and the
 * gatekeeper's code check (only the platform's verifier counts; without it nothing passes);
 * also the same rules for a plugin bundle installed behind the runtime's back, and a duplicate.
 *
 * <p>Concurrent semantics: thread-safe; the verifier is tracked, everything else is read-only.
 */
final class InstallChecks {

    private static final Logger LOG = LoggerFactory.getLogger(InstallChecks.class);

    private final BundleContext context;
    private final ManifestValidator validator;
    private final PluginExtender extender;
    private final PluginIdentities identities;
    private final PlatformAudit audit;
    /** The gatekeeper's code check: without it nothing is installed; one a plugin offers is ignored. */
    private final ServiceTracker<PluginVerifier, PluginVerifier> verifiers;

    InstallChecks(BundleContext context, ManifestValidator validator, PluginExtender extender,
            PluginIdentities identities, PlatformAudit audit) {
        this.context = context;
        this.validator = validator;
        this.extender = extender;
        this.identities = identities;
        this.audit = audit;
        this.verifiers = new ServiceTracker<>(context, PluginVerifier.class, new PlatformOnly<>(context));
    }

    void open() {
        verifiers.open();
    }

    void close() {
        verifiers.close();
    }

    /**
     * What the framework would refuse in the jar and its OSGi headers and the plugin contract's
     * problems, then (when there are none) whether the plugin id belongs to another bundle, then
     * what the gatekeeper finds in the code. Without the gatekeeper nothing is checked and so
     * nothing passes.
     */
    List<String> problems(PluginJar jar, ManifestCheck check) throws PluginOperationException {
        List<String> problems = new java.util.ArrayList<>(jar.problems());
        problems.addAll(BundleHeaders.problems(jar.headers()));
        problems.addAll(check.problems());
        if (!problems.isEmpty()) {
            return problems;
        }
        String symbolicName = jar.headers().getOrDefault(org.osgi.framework.Constants.BUNDLE_SYMBOLICNAME, "")
                .split(";", 2)[0].trim();
        Set<String> signers;
        try {
            signers = JarSigners.of(jar.content());
        } catch (IOException unreadable) {
            throw new PluginOperationException("The signatures of " + jar.location() + " cannot be read: "
                    + unreadable.getMessage());
        }
        Optional<String> taken = identities.conflict(check.descriptor().pluginId(), symbolicName, signers);
        if (taken.isPresent()) {
            audit.denied(check.descriptor().pluginId(), -1, "identity", "claim plugin id by bundle " + symbolicName,
                    taken.get());
            return List.of(taken.get());
        }
        PluginVerifier verifier = verifiers.getService();
        if (verifier == null) {
            throw new PluginOperationException("The code of " + jar.location() + " cannot be checked: the gatekeeper "
                    + "(bundle io.prsm.sandbox) is not running, and nothing is installed unchecked. Start it (prsm.jar "
                    + "starts it; an embedding host must install and start it) and try again.");
        }
        try {
            return verifier.verify(check.descriptor().pluginId(), jar.content(),
                    SecurityLevel.fromId(check.descriptor().securityLevel()).orElseThrow());
        } catch (IOException unreadable) {
            throw new PluginOperationException("The code of " + jar.location() + " cannot be checked: "
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), 300));
        }
    }

    /** The rules the gatekeeper applies to every plugin bundle, however it was installed. */
    List<String> rulesFor(Bundle bundle) {
        ManifestCheck check = validator.check(PluginExtender.rawHeaders(bundle));
        if (!check.valid()) {
            return check.problems();
        }
        return extender.identityConflict(bundle, check.descriptor().pluginId()).map(List::of).orElse(List.of());
    }

    void refuseDuplicate(PluginJar jar, String pluginId) throws PluginOperationException {
        Bundle atLocation = context.getBundle(jar.location());
        if (atLocation != null) {
            throw new PluginOperationException(jar.location() + " is already installed as bundle "
                    + atLocation.getBundleId() + ". Uninstall it first (prsm:uninstall " + atLocation.getBundleId() + ").");
        }
        for (PluginRecord existing : extender.byPluginId(pluginId)) {
            throw new PluginOperationException("Plugin '" + pluginId + "' is already installed as bundle "
                    + existing.bundle().getBundleId() + " (version " + existing.check().descriptor().version()
                    + ", " + existing.state().id() + "). Uninstall it first with prsm:uninstall " + pluginId + ".");
        }
    }

    /** A framework refusal with its causes, on one line: Felix says only "Could not create bundle object." */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return Quote.prefix(text.toString(), 400);
    }

    static String bullets(List<String> problems) {
        return problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining());
    }

    /**
     * A tracker customizer that ignores services a plugin registers: the runtime only ever uses
     * the platform's verifier.
     */
    private static final class PlatformOnly<T> implements ServiceTrackerCustomizer<T, T> {
        private final BundleContext context;

        PlatformOnly(BundleContext context) {
            this.context = context;
        }

        @Override
        public T addingService(ServiceReference<T> reference) {
            if (!PlatformBundles.registeredByPlatform(reference)) {
                LOG.warn("Bundle {} offers {}, which only the platform may offer; it is ignored",
                        reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(),
                        String.join(",", (String[]) reference.getProperty(org.osgi.framework.Constants.OBJECTCLASS)));
                return null;
            }
            return context.getService(reference);
        }

        @Override
        public void modifiedService(ServiceReference<T> reference, T service) {
            // properties do not change who registered it
        }

        @Override
        public void removedService(ServiceReference<T> reference, T service) {
            context.ungetService(reference);
        }
    }
}
