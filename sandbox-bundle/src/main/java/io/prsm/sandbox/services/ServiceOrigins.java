package io.prsm.sandbox.services;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.http.EndpointPaths;

/**
 * Decides which services a plugin registers that no other bundle may see, because they pose as
 * something they are not:
 * <ul>
 * <li>a service of a {@link PlatformTypes platform type} ({@code PluginStorage}, the
 * {@code PluginManager}, {@code RuntimeStatistics}, {@code HookPublisher}, the validator and
 * verifier contracts, ...), registered by any plugin: only the platform offers those;</li>
 * <li>from a plugin below the trusted level (or unknown), a service of any type that is neither a
 * plugin contract nor a class of the plugin's own bundle (for example a framework hook or an Event
 * Admin handler named by string), or one that carries {@code osgi.command.scope} (shell commands
 * are the operator's);</li>
 * <li>an {@code Endpoint} whose path the plugin does not own ({@link EndpointPaths}).</li>
 * </ul>
 * The plugin that registered such a service still sees it; everyone else, the runtime and the
 * gatekeeper included, does not. Each is audited once, when it is first judged.
 *
 * <p>Concurrent semantics: thread-safe; verdicts are cached per service id in a concurrent map and
 * dropped when the service goes.
 */
public final class ServiceOrigins {

    private static final String COMMAND_SCOPE = "osgi.command.scope";

    private final PluginViews views;
    private final AuditSink audit;
    private final EndpointPaths endpoints;
    private final Map<Long, Optional<String>> verdicts = new ConcurrentHashMap<>();

    public ServiceOrigins(PluginViews views, AuditSink audit, EndpointPaths endpoints) {
        this.views = views;
        this.audit = audit;
        this.endpoints = endpoints;
    }

    /** Whether a bundle other than the one that registered {@code reference} may see it. */
    public boolean visibleToOthers(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (!(id instanceof Long serviceId)) {
            return false;
        }
        Optional<String> verdict = verdicts.get(serviceId);
        if (verdict == null) {
            verdict = judge(reference);
            if (verdicts.putIfAbsent(serviceId, verdict) == null && verdict.isPresent()) {
                PluginView owner = views.of(reference.getBundle()).orElse(null);
                audit.record(AuditEvent.denied(owner == null ? "-" : owner.pluginId(),
                        owner == null ? -1 : owner.bundleId(), "service", "register " + String.join(",",
                                objectClasses(reference)), verdict.get()));
            }
        }
        return verdict.isEmpty();
    }

    /** The service is gone: forget its verdict (service ids are never reused). */
    public void forget(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (id instanceof Long serviceId) {
            verdicts.remove(serviceId);
            endpoints.release(reference);
        }
    }

    private Optional<String> judge(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        PluginView owner = views.of(bundle).orElse(null);
        if (owner == null) {
            return Optional.empty();
        }
        for (String type : objectClasses(reference)) {
            if (PlatformTypes.isPlatformType(type)) {
                return Optional.of("only the platform offers " + type + "; a plugin's service of that type is "
                        + "hidden from every other bundle");
            }
        }
        if (owner.classification().untrusted()) {
            if (reference.getProperty(COMMAND_SCOPE) != null) {
                return Optional.of("shell commands (" + COMMAND_SCOPE + ") are the platform's; a "
                        + owner.level().id() + " plugin may not add one");
            }
            for (String type : objectClasses(reference)) {
                if (!PlatformTypes.PLUGIN_CONTRACTS.contains(type) && !ownClass(bundle, type)) {
                    return Optional.of(owner.level().id() + " plugins offer only Plugin, HookHandler, Endpoint and "
                            + "services of their own classes, not " + type);
                }
            }
            if (owner.classification() == Classification.UNKNOWN) {
                return Optional.of("the plugin is not classified (unknown level or refused trust)");
            }
        }
        return endpoints.claim(reference, owner.pluginId());
    }

    /** Whether {@code className} is a class in {@code bundle}'s own jar. */
    private static boolean ownClass(Bundle bundle, String className) {
        try {
            return bundle != null && bundle.getEntry(className.replace('.', '/') + ".class") != null;
        } catch (IllegalStateException uninstalled) {
            return false;
        }
    }

    static String[] objectClasses(ServiceReference<?> reference) {
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names ? names : new String[0];
    }
}
