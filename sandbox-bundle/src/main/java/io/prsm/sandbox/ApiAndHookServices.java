package io.prsm.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ServiceProperties;
import io.prsm.api.hooks.HookPublisher;
import io.prsm.api.runtime.HttpApi;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.Settings;
import io.prsm.sandbox.audit.FileAuditLog;
import io.prsm.sandbox.hooks.HookBridge;
import io.prsm.sandbox.hooks.HookCommand;
import io.prsm.sandbox.hooks.HookPublishers;
import io.prsm.sandbox.http.ApiSecurity;
import io.prsm.sandbox.http.EndpointPermissions;
import io.prsm.sandbox.http.SlowClients;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.services.PluginViews;

/**
 * The gatekeeper's guards on what reaches plugins from outside the framework's hooks: the HTTP
 * API's servlet context (bearer tokens, endpoint permissions, slow clients) and hook delivery and
 * publishing through Event Admin, as the policy allows. Started by {@link Gatekeeper} after the
 * framework hooks, stopped before them.
 *
 * <p>Concurrent semantics: {@link #start} and {@link #stop} are called on the framework's
 * activator thread, once each; the services it registers are thread-safe.
 */
final class ApiAndHookServices {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAndHookServices.class);

    private EndpointPermissions endpointPermissions;
    private ServiceRegistration<ServletContextHelper> apiSecurity;
    private Optional<ServiceRegistration<?>> slowClients = Optional.empty();
    private ServiceTracker<EventAdmin, EventAdmin> eventAdmin;
    private HookBridge hookBridge;
    private ServiceRegistration<HookPublisher> hookPublishers;
    private ServiceRegistration<HookCommand> hookCommand;

    void start(BundleContext context, PolicyHolder policy, PluginViews views, FileAuditLog audit, BoundedJson json) {
        startHttpSecurity(context, policy, audit);
        startHooks(context, views, audit, json);
    }

    void stop() {
        hookCommand.unregister();
        hookPublishers.unregister();
        hookBridge.close();
        eventAdmin.close();
        apiSecurity.unregister();
        slowClients.ifPresent(ServiceRegistration::unregister);
        endpointPermissions.close();
    }

    /** The HTTP API's servlet context: every request is authenticated and authorized here first. */
    private void startHttpSecurity(BundleContext context, PolicyHolder policy, FileAuditLog audit) {
        endpointPermissions = new EndpointPermissions(context);
        endpointPermissions.open();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.context.name", HttpApi.CONTEXT_NAME);
        properties.put("osgi.http.whiteboard.context.path", "/");
        apiSecurity = context.registerService(ServletContextHelper.class,
                new ApiSecurity(() -> policy.current().policy(), endpointPermissions, audit, Clock.systemUTC()), properties);
        // before Felix HTTP Jetty starts (a higher start level), so no connection is ever unguarded
        slowClients = SlowClients.guard(context, Gatekeeper.setting(() -> Settings.duration(context::getProperty,
                SlowClients.HEADER_TIMEOUT, SlowClients.DEFAULT_HEADER_TIMEOUT), SlowClients.DEFAULT_HEADER_TIMEOUT),
                Gatekeeper.setting(() -> Settings.count(context::getProperty, SlowClients.MAX_CONNECTIONS,
                        SlowClients.DEFAULT_MAX_CONNECTIONS), SlowClients.DEFAULT_MAX_CONNECTIONS), audit);
    }

    /** Hooks: subscriptions are connected to Event Admin only as the policy allows; publishing likewise. */
    private void startHooks(BundleContext context, PluginViews views, FileAuditLog audit, BoundedJson json) {
        eventAdmin = new ServiceTracker<>(context, EventAdmin.class, null);
        eventAdmin.open();
        hookBridge = new HookBridge(context, views, audit, hookTimeout(context));
        hookBridge.open();
        Dictionary<String, Object> offered = new Hashtable<>();
        offered.put(ServiceProperties.OFFERED_TO_PLUGINS, Boolean.TRUE);
        hookPublishers = context.registerService(HookPublisher.class, new HookPublishers(views, audit, eventAdmin),
                offered);
        Dictionary<String, Object> commandProperties = new Hashtable<>();
        commandProperties.put("osgi.command.scope", "prsm");
        commandProperties.put("osgi.command.function", new String[] { "hook" });
        hookCommand = context.registerService(HookCommand.class, new HookCommand(eventAdmin, json), commandProperties);
    }

    /** The time a plugin's hook handler may take: Event Admin's own timeout setting, 5 s by default. */
    private static Duration hookTimeout(BundleContext context) {
        String configured = context.getProperty("org.apache.felix.eventadmin.Timeout");
        try {
            long millis = configured == null ? 5000 : Long.parseLong(configured.trim());
            return Duration.ofMillis(millis > 0 ? millis : 5000);
        } catch (NumberFormatException wrong) {
            LOG.warn("org.apache.felix.eventadmin.Timeout={} is not a number of milliseconds; hooks time out after 5 s",
                    configured);
            return Duration.ofSeconds(5);
        }
    }
}
