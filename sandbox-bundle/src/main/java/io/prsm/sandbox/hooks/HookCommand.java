package io.prsm.sandbox.hooks;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.hooks.Hooks;

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

    public HookCommand(ServiceTracker<EventAdmin, EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** Gogo calls this; the descriptor annotations would tie the gatekeeper to Gogo, so help is in the docs. */
    public String hook(String name, String json) {
        if (!Hooks.isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a hook name: a lower-case letter, then lower-case "
                    + "letters, digits and underscores, for example user_login");
        }
        Map<String, Object> payload;
        try {
            payload = Json.MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException malformed) {
            throw new IllegalArgumentException("The payload is not a JSON object: " + malformed.getOriginalMessage()
                    + ". Quote it in single quotes, for example '{\"user_id\":\"u1\"}'");
        }
        if (payload == null) {
            throw new IllegalArgumentException("The payload must be a JSON object, not null");
        }
        AtomicInteger deliveries = new AtomicInteger();
        HookPublishers.require(eventAdmin, name).sendEvent(HookPublishers.event(name, payload, "operator", deliveries));
        return name + " delivered to " + deliveries.get() + " subscriber" + (deliveries.get() == 1 ? "" : "s");
    }

    public String hook(String name) {
        return hook(name, "{}");
    }

    /**
     * The JSON mapper, made on first use: loading Jackson's classes is a large share of the
     * runtime's start-up, and a start with nothing to read or write needs none of it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
