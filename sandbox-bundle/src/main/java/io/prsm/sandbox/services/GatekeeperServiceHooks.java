package io.prsm.sandbox.services;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

import io.prsm.api.ServiceProperties;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.policy.Decision;

/**
 * Hides services from untrusted plugins: the find hook removes them from lookups, the event
 * listener hook keeps their events from the plugin's listeners (which is how Declarative
 * Services and trackers see services). A lookup that names a hidden service's type is audited;
 * hiding unrelated services in a broad lookup is not.
 *
 * <p>Concurrent semantics: thread-safe; it reads the per-bundle views and the service's properties.
 */
public final class GatekeeperServiceHooks implements FindHook, EventListenerHook {

    private static final Pattern OBJECT_CLASS = Pattern.compile("\\(objectClass=([^()*]+)\\)");

    private final PluginViews views;
    private final AuditSink audit;

    public GatekeeperServiceHooks(PluginViews views, AuditSink audit) {
        this.views = views;
        this.audit = audit;
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        PluginView viewer = views.of(context.getBundle()).orElse(null);
        if (viewer == null) {
            return;
        }
        String requested = name != null ? name : requestedType(filter);
        // one audit line per reason and lookup, not per hidden service: a lookup among many
        // services of one type would otherwise spend most of its time writing the audit log
        Map<String, Integer> hiddenByReason = null;
        for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext();) {
            ServiceReference<?> reference = it.next();
            Decision decision = decide(viewer, reference);
            if (!decision.allowed()) {
                it.remove();
                if (requested != null && objectClasses(reference).contains(requested)) {
                    if (hiddenByReason == null) {
                        hiddenByReason = new LinkedHashMap<>();
                    }
                    hiddenByReason.merge(decision.reason(), 1, Integer::sum);
                }
            }
        }
        if (hiddenByReason != null) {
            for (Map.Entry<String, Integer> hidden : hiddenByReason.entrySet()) {
                audit.record(AuditEvent.denied(viewer.pluginId(), viewer.bundleId(), "service", "find " + requested,
                        hidden.getValue() == 1 ? hidden.getKey()
                                : hidden.getKey() + " (" + hidden.getValue() + " services)"));
            }
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
        for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext();) {
            PluginView viewer = views.of(it.next().getBundle()).orElse(null);
            if (viewer != null && !decide(viewer, reference).allowed()) {
                it.remove();
            }
        }
    }

    private Decision decide(PluginView viewer, ServiceReference<?> reference) {
        PluginView owner = views.of(reference.getBundle()).orElse(null);
        return ServiceVisibility.decide(viewer, owner, reference.getProperty(ServiceProperties.PERMISSION),
                reference.getProperty(ServiceProperties.OFFERED_TO_PLUGINS));
    }

    private static List<String> objectClasses(ServiceReference<?> reference) {
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names ? Arrays.asList(names) : List.of();
    }
}
