package io.prsm.api.hooks;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes hooks to the plugins subscribed to them. Every plugin sees this service; publishing
 * {@code h} needs permission {@code publish_<h>}.
 *
 * <p>Concurrent semantics: thread-safe; delivery is asynchronous, in order per publisher.
 */
@ProviderType
public interface HookPublisher {

    /**
     * Publishes {@code hook} with {@code payload}.
     *
     * @throws SecurityException if the calling plugin does not hold {@code publish_<hook>}
     * @throws IllegalArgumentException if {@code hook} is not a valid hook name
     */
    void publish(String hook, Map<String, Object> payload);
}
