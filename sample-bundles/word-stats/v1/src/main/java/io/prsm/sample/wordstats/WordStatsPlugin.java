package io.prsm.sample.wordstats;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginStorage;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.StatefulPlugin;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Version 1 of word-stats: counts the words of the texts it is given and reports totals. Its
 * counts are its state: kept in its PluginStorage across restarts, and handed to the next version
 * on a hot-swap.
 */
@PrsmPlugin(id = "word-stats", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.ISOLATED,
        capabilities = "word_counting")
@Component(service = io.prsm.api.Plugin.class)
public final class WordStatsPlugin implements StatefulPlugin {

    private static final String KEY = "counts";

    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private final PluginStorage storage;

    @Activate
    public WordStatsPlugin(@Reference PluginStorage storage) {
        this.storage = storage;
    }

    /** Reads the counts kept in the plugin's storage: they survive restarts and crashes. */
    @Override
    public void initialize(PluginConfig config) throws PluginException {
        try {
            for (String line : storage.get(KEY).orElse("").split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new PluginException("Stored word counts cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes all counts as one value: the store replaces it atomically, so a crash keeps the last. */
    private synchronized void save() throws PluginException {
        StringBuilder lines = new StringBuilder();
        counts.forEach((word, count) -> lines.append(word).append('\t').append(count).append('\n'));
        try {
            storage.put(KEY, lines.toString());
        } catch (IOException e) {
            throw new PluginException("Word counts could not be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "count": {
                String[] words = task.requireString("text").toLowerCase(java.util.Locale.ROOT).split("\\W+");
                long counted = 0;
                synchronized (this) {
                    for (String word : words) {
                        if (!word.isEmpty()) {
                            counts.merge(word, 1L, Long::sum);
                            counted++;
                        }
                    }
                    save();
                }
                return PluginResponse.success(Map.of("version", "1.0.0", "counted", counted));
            }
            case "stats": {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("version", "1.0.0");
                stats.put("total_words", counts.values().stream().mapToLong(Long::longValue).sum());
                stats.put("distinct_words", counts.size());
                return PluginResponse.success(stats);
            }
            default:
                throw new InvalidTaskException("Unknown task type '" + task.type() + "'; use count or stats.");
        }
    }

    @Override
    public synchronized Map<String, Object> exportState() {
        return Map.of("counts", Map.copyOf(counts));
    }

    @Override
    public synchronized void importState(Map<String, Object> state) throws PluginException {
        Object saved = state.get("counts");
        if (!(saved instanceof Map<?, ?> map)) {
            throw new InvalidTaskException("The handed-over state has no counts");
        }
        counts.clear();
        map.forEach((word, count) -> counts.put(String.valueOf(word), ((Number) count).longValue()));
        save();
    }

    @Override
    public void shutdown() {
        counts.clear();
    }
}
