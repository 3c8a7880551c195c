package io.prsm.sandbox.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;
import io.prsm.api.hooks.Hooks;
import io.prsm.limits.PluginThrowables;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.services.PluginView;
import io.prsm.sandbox.services.PluginViews;

/**
 * Connects plugins' {@link HookHandler} services to Event Admin. For each handler it registers an
 * {@link EventHandler} for exactly the hooks whose {@code subscribe_<hook>} permission the plugin
 * holds, and audits the others, so Event Admin never has a way to deliver a hook to a plugin that
 * may not have it.
 *
 * <p>Each plugin handler is its own Event Admin handler, and the bridge runs the plugin's code on
 * a thread of its own, waiting at most the hook timeout ({@code org.apache.felix.eventadmin.Timeout},
 * the same value Event Admin uses). A handler that takes longer is cut off: its Event Admin handler
 * is unregistered and the cut-off audited, so it receives nothing more until the plugin registers
 * it again (a restart), and the publisher and the other subscribers go on. Event Admin's own
 * timeout does not cover the first event a handler gets, which is why the bridge keeps its own.
 *
 * <p>Concurrent semantics: thread-safe; tracker callbacks are serialized per service, and events
 * arrive on Event Admin's threads.
 */
public final class HookBridge extends ServiceTracker<HookHandler, ServiceRegistration<EventHandler>> {

    /** Event property of the {@code prsm:hook} command: counts the plugins a hook reached. */
    static final String DELIVERIES = "prsm.deliveries";

    private static final Logger LOG = LoggerFactory.getLogger(HookBridge.class);

    private final PluginViews views;
    private final AuditSink audit;
    private final Duration timeout;
    private final ExecutorService handlerThreads = Executors.newCachedThreadPool(runnable -> {
        // a pooled thread must not inherit its creator's thread locals (a Gogo session's output
        // streams, when a prsm:hook command made it) nor keep its class loader
        Thread thread = new Thread(null, runnable, "prsm-hook", 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        return thread;
    });

    /** @param timeout how long one plugin handler may take for one hook */
    public HookBridge(BundleContext context, PluginViews views, AuditSink audit, Duration timeout) {
        super(context, HookHandler.class, null);
        this.views = views;
        this.audit = audit;
        this.timeout = timeout;
    }

    @Override
    public void close() {
        super.close();
        handlerThreads.shutdownNow();
    }

    @Override
    public ServiceRegistration<EventHandler> addingService(ServiceReference<HookHandler> reference) {
        PluginView owner = views.of(reference.getBundle()).orElse(null);
        String who = owner == null ? String.valueOf(reference.getBundle().getSymbolicName()) : owner.pluginId();
        long bundleId = reference.getBundle().getBundleId();
        List<String> hooks = names(reference.getProperty(HookHandler.HOOKS));
        List<String> allowed = new ArrayList<>();
        for (String hook : hooks) {
            String refusal = null;
            if (!Hooks.isValidName(hook)) {
                refusal = "'" + hook + "' is not a hook name (lower-case letters, digits, underscores)";
            } else if (owner != null && !owner.granted().contains(Hooks.subscribePermission(hook))) {
                refusal = "the plugin does not hold " + Hooks.subscribePermission(hook) + "; declare it with "
                        + "@RequiresPermission or @OptionalPermission and grant it in policy.json";
            }
            if (refusal == null) {
                allowed.add(hook);
            } else {
                LOG.warn("Hook subscription of '{}' to {} refused: {}", who, hook, refusal);
                audit.record(AuditEvent.denied(who, bundleId, "hook", "subscribe " + hook, refusal));
            }
        }
        if (allowed.isEmpty()) {
            if (hooks.isEmpty()) {
                LOG.warn("A HookHandler of '{}' names no hooks in its {} property; it receives nothing", who,
                        HookHandler.HOOKS);
            }
            return null;
        }
        HookHandler handler = context.getService(reference);
        if (handler == null) {
            return null;
        }
        audit.record(AuditEvent.granted(who, bundleId, "hook", "subscribe " + String.join(",", allowed),
                owner == null ? "infrastructure" : "the plugin holds the subscribe permissions"));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, allowed.stream().map(Hooks::topic).toArray(String[]::new));
        properties.put("prsm.hook.subscriber", who);
        AtomicReference<ServiceRegistration<EventHandler>> registration = new AtomicReference<>();
        registration.set(context.registerService(EventHandler.class,
                event -> deliver(who, bundleId, handler, event, registration), properties));
        return registration.get();
    }

    @Override
    public void removedService(ServiceReference<HookHandler> reference, ServiceRegistration<EventHandler> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the gatekeeper is stopping and unregistered it with its other services
        }
        context.ungetService(reference);
    }

    private void deliver(String subscriber, long bundleId, HookHandler handler, Event event,
            AtomicReference<ServiceRegistration<EventHandler>> registration) {
        Object counter = event.getProperty(DELIVERIES);
        if (counter instanceof AtomicInteger deliveries) {
            deliveries.incrementAndGet();
        }
        String hook = event.getTopic().substring(Hooks.TOPIC_PREFIX.length());
        Object payload = event.getProperty(Hooks.PAYLOAD);
        Object publisher = event.getProperty(Hooks.PUBLISHER);
        Object time = event.getProperty(EventConstants.TIMESTAMP);
        @SuppressWarnings("unchecked")
        Map<String, Object> shared = payload instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        HookEvent hookEvent = new HookEvent(hook, shared,
                publisher == null ? "unknown" : publisher.toString(),
                time instanceof Long millis ? Instant.ofEpochMilli(millis) : Instant.now());
        Future<Failure> handling;
        try {
            handling = handlerThreads.submit(() -> handle(handler, hookEvent));
        } catch (RejectedExecutionException stopping) {
            return;
        }
        try {
            Failure failure = handling.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (failure != null) {
                LOG.warn("Plugin '{}' failed to handle hook {}: {}", subscriber, hook, failure.trace());
                if (failure.refusal() != null) {
                    audit.record(AuditEvent.denied(subscriber, bundleId, "hook", "describe failure of " + hook,
                            failure.refusal()));
                }
            }
        } catch (ExecutionException bridgeFailure) {
            // handle() lets nothing of the plugin's through, so this is the bridge's own failure
            LOG.error("Hook {} could not be delivered to plugin '{}'", hook, subscriber, bridgeFailure.getCause());
        } catch (TimeoutException hanging) {
            handling.cancel(true);
            cutOff(subscriber, bundleId, hook, registration.get());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The words for what a handler threw, and why its own words could not be read (or null): only these leave its thread. */
    record Failure(String trace, String refusal) {
    }

    /**
     * Runs the plugin's handler on the handler's own thread. What it throws is described here, under
     * the hook timeout the publisher waits: a throwable handed back through the {@code Future} would be
     * described on the publisher's thread ({@code new ExecutionException(cause)} calls the plugin's
     * {@code toString}), where a {@code getMessage} that computes for minutes held {@code prsm:hook},
     * the shell and every publisher of the hook (atk4's {@code fails-its-hook-loudly}). The plugin's
     * class loader is the thread's context loader meanwhile, as a task has it; the pooled thread's
     * own (none) is put back after, so it keeps no plugin's loader reachable.
     */
    static Failure handle(HookHandler handler, HookEvent event) {
        Thread thread = Thread.currentThread();
        ClassLoader platform = thread.getContextClassLoader();
        thread.setContextClassLoader(handler.getClass().getClassLoader());
        try {
            handler.onHook(event);
            return null;
        } catch (Throwable thrown) {
            PluginThrowables.Described trace = PluginThrowables.trace(thrown);
            return new Failure(trace.text(), trace.refusal());
        } finally {
            thread.setContextClassLoader(platform);
        }
    }

    private void cutOff(String subscriber, long bundleId, String hook, ServiceRegistration<EventHandler> registration) {
        String reason = "its handler took longer than " + timeout.toMillis() + " ms for " + hook
                + "; it receives no hooks until the plugin is restarted";
        LOG.warn("Plugin '{}' is cut off from hooks: {}", subscriber, reason);
        audit.record(AuditEvent.denied(subscriber, bundleId, "hook", "deliver " + hook, reason));
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // cut off by a concurrent delivery, or the plugin went away meanwhile
        }
    }

    private static List<String> names(Object property) {
        List<String> names = new ArrayList<>();
        if (property instanceof String name) {
            names.add(name);
        } else if (property instanceof String[] array) {
            names.addAll(List.of(array));
        } else if (property instanceof java.util.Collection<?> collection) {
            collection.forEach(element -> names.add(String.valueOf(element)));
        }
        return names;
    }
}
