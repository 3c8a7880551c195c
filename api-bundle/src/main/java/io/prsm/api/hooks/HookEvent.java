package io.prsm.api.hooks;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.prsm.api.JsonValues;

/**
 * One published hook.
 *
 * @param hook the hook name, for example {@code user_login}
 * @param payload what the publisher sent, JSON-shaped (maps, lists, strings, numbers, booleans)
 * @param publisher the publishing plugin's id, or {@code operator} for the {@code prsm:hook} command
 * @param time when it was published
 */
public record HookEvent(String hook, Map<String, Object> payload, String publisher, Instant time) {

    public HookEvent {
        Objects.requireNonNull(hook, "hook");
        payload = payload == null ? Map.of() : JsonValues.copyOf(payload);
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(time, "time");
    }

    /** The payload value {@code key} as text, or {@code defaultValue} when absent or null. */
    public String text(String key, String defaultValue) {
        Object value = payload.get(key);
        return value == null ? defaultValue : value.toString();
    }
}
