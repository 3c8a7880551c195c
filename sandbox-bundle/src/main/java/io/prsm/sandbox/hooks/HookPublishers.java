package io.prsm.sandbox.hooks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.JsonValues;
import io.prsm.api.hooks.HookPublisher;
import io.prsm.api.hooks.Hooks;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.services.PluginView;
import io.prsm.sandbox.services.PluginViews;

/**
 * Gives each bundle its own {@link HookPublisher}, which knows who publishes: a plugin may publish
 * {@code h} only when it holds {@code publish_<h>}; infrastructure may publish anything.
 *
 * <p>Concurrent semantics: thread-safe; publishers read the views and the tracked Event Admin.
 */
public final class HookPublishers implements ServiceFactory<HookPublisher> {

    private final PluginViews views;
    private final AuditSink audit;
    private final ServiceTracker<EventAdmin, EventAdmin> eventAdmin;

    public HookPublishers(PluginViews views, AuditSink audit, ServiceTracker<EventAdmin, EventAdmin> eventAdmin) {
        this.views = views;
        this.audit = audit;
        this.eventAdmin = eventAdmin;
    }

    @Override
    public HookPublisher getService(Bundle bundle, ServiceRegistration<HookPublisher> registration) {
        return (hook, payload) -> publish(bundle, hook, payload);
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<HookPublisher> registration, HookPublisher service) {
        // a publisher holds nothing
    }

    private void publish(Bundle bundle, String hook, Map<String, Object> payload) {
        if (!Hooks.isValidName(hook)) {
            throw new IllegalArgumentException("'" + hook + "' is not a hook name: a lower-case letter, then lower-case "
                    + "letters, digits and underscores");
        }
        PluginView publisher = views.of(bundle).orElse(null);
        String who = publisher == null ? String.valueOf(bundle.getSymbolicName()) : publisher.pluginId();
        if (publisher != null && !publisher.granted().contains(Hooks.publishPermission(hook))) {
            String reason = "it does not hold " + Hooks.publishPermission(hook);
            audit.record(AuditEvent.denied(who, bundle.getBundleId(), "hook", "publish " + hook, reason));
            throw new SecurityException("Plugin '" + who + "' may not publish hook " + hook + ": " + reason
                    + "; declare it with @RequiresPermission and have the operator grant it in policy.json.");
        }
        require(eventAdmin, hook).postEvent(event(hook, payload, who, null));
    }

    /**
     * The running Event Admin.
     *
     * @throws IllegalStateException if Event Admin is not running
     */
    static EventAdmin require(ServiceTracker<EventAdmin, EventAdmin> tracker, String hook) {
        EventAdmin admin = tracker.getService();
        if (admin == null) {
            throw new IllegalStateException("Event Admin is not running, so hook " + hook + " cannot be delivered; "
                    + "start bundle org.apache.felix.eventadmin.");
        }
        return admin;
    }

    /** The Event Admin event of a hook; {@code deliveries}, if not null, counts the subscribers reached. */
    static Event event(String hook, Map<String, Object> payload, String publisher, AtomicInteger deliveries) {
        Map<String, Object> properties = new HashMap<>();
        // copied once, strictly: every subscriber then shares one immutable payload of plain JSON values
        properties.put(Hooks.PAYLOAD, JsonValues.strictCopyOf(payload == null ? Map.of() : payload));
        properties.put(Hooks.PUBLISHER, publisher);
        properties.put(EventConstants.TIMESTAMP, System.currentTimeMillis());
        if (deliveries != null) {
            properties.put(HookBridge.DELIVERIES, deliveries);
        }
        return new Event(Hooks.topic(hook), properties);
    }
}
