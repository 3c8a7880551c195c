package io.prsm.sample.advanced;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.PluginStorage;

/**
 * Each user's events, kept in the plugin's storage (one key per user), so they survive restarts.
 * At most {@code retained} events per user are kept, the oldest dropped first.
 *
 * <p>Concurrent semantics: thread-safe; every change of a user's list is serialized on the log.
 */
final class ActivityLog {

    private static final String PREFIX = "user-";
    private static final TypeReference<List<Map<String, Object>>> EVENTS = new TypeReference<>() {
    };

    private final PluginStorage storage;
    private final ObjectMapper mapper;
    private final int retained;

    ActivityLog(PluginStorage storage, ObjectMapper mapper, int retained) {
        this.storage = storage;
        this.mapper = mapper;
        this.retained = retained;
    }

    synchronized void append(String userId, Map<String, Object> event) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>(events(userId));
        events.add(event);
        if (events.size() > retained) {
            events = new ArrayList<>(events.subList(events.size() - retained, events.size()));
        }
        storage.put(key(userId), mapper.writeValueAsString(events));
    }

    synchronized List<Map<String, Object>> events(String userId) throws IOException {
        Optional<String> stored = storage.get(key(userId));
        return stored.isEmpty() ? List.of() : mapper.readValue(stored.get(), EVENTS);
    }

    /** Every user's events, by user id. */
    synchronized Map<String, List<Map<String, Object>>> all() throws IOException {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        for (String key : storage.keys(PREFIX)) {
            String userId = new String(HexFormat.of().parseHex(key.substring(PREFIX.length())), StandardCharsets.UTF_8);
            all.put(userId, events(userId));
        }
        return all;
    }

    /** User ids may hold any character; storage keys may not, so the key holds the id in hex. */
    private static String key(String userId) {
        return PREFIX + HexFormat.of().formatHex(userId.getBytes(StandardCharsets.UTF_8));
    }
}
