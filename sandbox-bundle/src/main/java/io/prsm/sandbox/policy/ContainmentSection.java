package io.prsm.sandbox.policy;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.Quote;

/**
 * Reads the {@code containment} section of {@code policy.json}:
 *
 * <pre>
 * "containment": {
 *   "threads": {"sandbox": 4, "isolated": 2},   the most threads one plugin of the level may run
 *   "over_cpu_share": "throttle"                 throttle (default) | quarantine
 * }
 * </pre>
 *
 * Every problem names where it is and what to write instead.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ContainmentSection {

    private static final Set<String> FIELDS = Set.of("threads", "over_cpu_share");
    private static final int MAX_THREADS = 10_000;

    private ContainmentSection() {
    }

    static ContainmentPolicy parse(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"containment\" must be an object with " + FIELDS);
            return ContainmentPolicy.DEFAULT;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("Unknown field \"containment." + Quote.prefix(name) + "\"; it has " + FIELDS);
            }
        }
        Map<SecurityLevel, Integer> threads = new EnumMap<>(SecurityLevel.class);
        JsonNode given = node.get("threads");
        if (given != null && !given.isObject()) {
            problems.add("\"containment.threads\" must be an object from level (sandbox, isolated) to a number of "
                    + "threads, for example {\"sandbox\": 4}");
        } else if (given != null) {
            given.fields().forEachRemaining(entry -> {
                String where = "\"containment.threads." + Quote.prefix(entry.getKey()) + "\"";
                if (!List.of("sandbox", "isolated").contains(entry.getKey())) {
                    problems.add(where + ": only sandbox and isolated plugins are limited (trusted ones are not "
                            + "counted); write one of those levels");
                } else if (!entry.getValue().canConvertToInt() || !entry.getValue().isIntegralNumber()
                        || entry.getValue().asInt() < 0 || entry.getValue().asInt() > MAX_THREADS) {
                    problems.add(where + " must be a whole number from 0 to " + MAX_THREADS + ", not "
                            + Quote.prefix(entry.getValue().toString()));
                } else {
                    threads.put(SecurityLevel.valueOf(entry.getKey().toUpperCase(java.util.Locale.ROOT)),
                            entry.getValue().asInt());
                }
            });
        }
        JsonNode over = node.get("over_cpu_share");
        String action = over == null ? "throttle" : over.asText("");
        if (!List.of("throttle", "quarantine").contains(action)) {
            problems.add("\"containment.over_cpu_share\" must be \"throttle\" or \"quarantine\", not "
                    + Quote.prefix(String.valueOf(over)));
        }
        return new ContainmentPolicy(threads, action.equals("quarantine"));
    }
}
