package io.prsm.sample.wordstats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.StatefulPlugin;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Version 2 of word-stats: like version 1, and its stats also name the most frequent words. It
 * takes over version 1's counts on a hot-swap.
 */
@PrsmPlugin(id = "word-stats", version = "2.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "word_counting")
@Component(service = io.prsm.api.Plugin.class)
public final class WordStatsPlugin implements StatefulPlugin {

    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    @Override
    public void initialize(PluginConfig config) {
        // starts empty; a swap hands the previous version's counts over
    }

    @Override
    public PluginResponse execute(Task task) throws InvalidTaskException {
        switch (task.type()) {
            case "count": {
                String[] words = task.requireString("text").toLowerCase(java.util.Locale.ROOT).split("\\W+");
                long counted = 0;
                for (String word : words) {
                    if (!word.isEmpty()) {
                        counts.merge(word, 1L, Long::sum);
                        counted++;
                    }
                }
                return PluginResponse.success(Map.of("version", "2.0.0", "counted", counted));
            }
            case "stats": {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("version", "2.0.0");
                stats.put("total_words", counts.values().stream().mapToLong(Long::longValue).sum());
                stats.put("distinct_words", counts.size());
                stats.put("top_words", counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .limit(3).map(Map.Entry::getKey).toList());
                return PluginResponse.success(stats);
            }
            default:
                throw new InvalidTaskException("Unknown task type '" + task.type() + "'; use count or stats.");
        }
    }

    @Override
    public Map<String, Object> exportState() {
        return Map.of("counts", Map.copyOf(counts));
    }

    @Override
    public void importState(Map<String, Object> state) throws InvalidTaskException {
        Object saved = state.get("counts");
        if (!(saved instanceof Map<?, ?> map)) {
            throw new InvalidTaskException("The handed-over state has no counts");
        }
        map.forEach((word, count) -> counts.put(String.valueOf(word), ((Number) count).longValue()));
    }

    @Override
    public void shutdown() {
        counts.clear();
    }
}
