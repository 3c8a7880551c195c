package io.prsm.sandbox.hooks;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.api.hooks.Hooks;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.Quote;

/**
 * {@code prsm:hook NAME JSON}: publishes a hook as the operator and waits until every subscriber
 * has had it (or was cut off by Event Admin's timeout).
 *
 * <p>Concurrent semantics: thread-safe.
 */
public final class HookCommand {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ServiceTracker<EventAdmin, EventAdmin> eventAdmin;
    private final BoundedJson json;

    /** @param json reads payloads within the {@code prsm.json.*} limits */
    public HookCommand(ServiceTracker<EventAdmin, EventAdmin> eventAdmin, BoundedJson json) {
        this.eventAdmin = eventAdmin;
        this.json = json;
    }

    /** Gogo calls this; the descriptor annotations would tie the gatekeeper to Gogo, so help is in the docs. */
    public String hook(String name, String json) {
        if (!Hooks.isValidName(name)) {
            throw new IllegalArgumentException("'" + Quote.prefix(name) + "' is not a hook name: a lower-case letter, then lower-case "
                    + "letters, digits and underscores, for example user_login");
        }
        JsonNode root;
        try {
            root = this.json.read(json, "The payload");
        } catch (JsonInputException refused) {
            throw new IllegalArgumentException(refused.getMessage() + (refused.overLimit() ? ""
                    : " Write a JSON object in single quotes, for example '{\"user_id\":\"u1\"}'"));
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The payload must be a JSON object, for example '{\"user_id\":\"u1\"}'");
        }
        Map<String, Object> payload = this.json.mapper().convertValue(root, OBJECT);
        AtomicInteger deliveries = new AtomicInteger();
        HookPublishers.require(eventAdmin, name).sendEvent(HookPublishers.event(name, payload, "operator", deliveries));
        return name + " delivered to " + deliveries.get() + " subscriber" + (deliveries.get() == 1 ? "" : "s");
    }

    public String hook(String name) {
        return hook(name, "{}");
    }
}
