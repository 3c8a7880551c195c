package io.prsm.sandbox.services;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.SecurityLevel;
import io.prsm.api.ServiceProperties;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;

/**
 * Hides services from untrusted plugins: the find hook removes them from lookups, the event
 * listener hook keeps their events from the plugin's listeners (which is how Declarative
 * Services and trackers see services). It also hides from every bundle but its own the services a
 * plugin registers posing as the platform's, or on an endpoint path it does not own
 * ({@link ServiceOrigins}). A lookup that names a hidden service's type is audited;
 * hiding unrelated services in a broad lookup is not, nor is the component runtime's own lookup of
 * Configuration Admin for the plugin ({@link ConfigurationSourceLookup}).
 *
 * <p>Concurrent semantics: thread-safe; it reads the per-bundle views and the service's properties.
 */
public final class GatekeeperServiceHooks implements FindHook, EventListenerHook {

    private static final Logger LOG = LoggerFactory.getLogger(GatekeeperServiceHooks.class);
    private static final Pattern OBJECT_CLASS = Pattern.compile("\\(objectClass=([^()*]+)\\)");

    private final PluginViews views;
    private final AuditSink audit;
    private final ServiceOrigins origins;

    public GatekeeperServiceHooks(PluginViews views, AuditSink audit, ServiceOrigins origins) {
        this.views = views;
        this.audit = audit;
        this.origins = origins;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle finder = context.getBundle();
        PluginView viewer = views.of(finder).orElse(null);
        String requested = viewer == null ? null : name != null ? name : requestedType(filter);
        // one audit line per reason and lookup, not per hidden service, and each reason's text
        // built once: a lookup among many services of one type would otherwise spend most of its
        // time on the audit log and on string building
        Map<HiddenKind, Hidden> hidden = null;
        for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext();) {
            ServiceReference<?> reference = it.next();
            Bundle registrant = reference.getBundle();
            PluginView owner = views.of(registrant).orElse(null);
            if (owner != null && (registrant == null || registrant.getBundleId() != finder.getBundleId())
                    && !origins.visibleToOthers(reference)) {
                // posing as the platform's, or squatting a path: seen by its own bundle only
                it.remove();
                continue;
            }
            if (viewer == null) {
                continue;
            }
            Object permission = reference.getProperty(ServiceProperties.PERMISSION);
            Object offered = reference.getProperty(ServiceProperties.OFFERED_TO_PLUGINS);
            if (!ServiceVisibility.allows(viewer, owner, permission, offered)) {
                it.remove();
                if (requested != null && objectClasses(reference).contains(requested)) {
                    if (hidden == null) {
                        hidden = new LinkedHashMap<>();
                    }
                    HiddenKind kind = new HiddenKind(permission, owner != null && owner.level() != SecurityLevel.TRUSTED);
                    hidden.computeIfAbsent(kind, k -> new Hidden(owner, permission, offered)).count++;
                }
            }
        }
        if (hidden != null && ConfigurationSourceLookup.isComponentRuntimeLookup(finder, requested)) {
            LOG.debug("Configuration Admin hidden from the component runtime's lookup for plugin {}: its components get no "
                    + "Configuration Admin configuration", viewer.pluginId());
            return;
        }
        if (hidden != null) {
            for (Hidden services : hidden.values()) {
                String reason = ServiceVisibility.decide(viewer, services.owner, services.permission, services.offered)
                        .reason();
                audit.record(AuditEvent.denied(viewer.pluginId(), viewer.bundleId(), "service", "find " + requested,
                        services.count == 1 ? reason : reason + " (" + services.count + " services)"));
            }
        }
    }

    /** What decides the reason a service is hidden: the permission it needs, or whose it is. */
    private record HiddenKind(Object permission, boolean untrustedOwner) {
    }

    /** Services hidden for one reason in one lookup: one of them, and how many. */
    private static final class Hidden {
        final PluginView owner;
        final Object permission;
        final Object offered;
        int count;

        Hidden(PluginView owner, Object permission, Object offered) {
            this.owner = owner;
            this.permission = permission;
            this.offered = offered;
        }
    }

    /** The type a lookup asks for through its filter, as Declarative Services and trackers do. */
    private static String requestedType(String filter) {
        if (filter == null) {
            return null;
        }
        Matcher matcher = OBJECT_CLASS.matcher(filter);
        return matcher.find() ? matcher.group(1) : null;
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        Bundle owner = reference.getBundle();
        boolean counterfeit = views.of(owner).isPresent() && !origins.visibleToOthers(reference);
        for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext();) {
            Bundle listener = it.next().getBundle();
            if (counterfeit && (owner == null || listener.getBundleId() != owner.getBundleId())) {
                it.remove();
                continue;
            }
            PluginView viewer = views.of(listener).orElse(null);
            if (viewer != null && !allows(viewer, reference)) {
                it.remove();
            }
        }
        if (event.getType() == ServiceEvent.UNREGISTERING) {
            origins.forget(reference);
        }
    }

    private boolean allows(PluginView viewer, ServiceReference<?> reference) {
        PluginView owner = views.of(reference.getBundle()).orElse(null);
        return ServiceVisibility.allows(viewer, owner, reference.getProperty(ServiceProperties.PERMISSION),
                reference.getProperty(ServiceProperties.OFFERED_TO_PLUGINS));
    }

    private static List<String> objectClasses(ServiceReference<?> reference) {
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names ? Arrays.asList(names) : List.of();
    }
}
