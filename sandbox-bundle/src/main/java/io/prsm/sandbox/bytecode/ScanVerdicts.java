package io.prsm.sandbox.bytecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.PlatformJson;

/**
 * The bytecode verdict on each installed plugin, kept across restarts so that a warm start does
 * not scan code it already scanned. A verdict holds while the bundle's revision (its last
 * modification, which the framework changes on every install and update, and its location), its
 * level and the allow-list in force (shipped and the policy's additions) stay the same; anything
 * else scans again. The file lives in the
 * gatekeeper's data area of the bundle cache, so it goes when the cache goes, with the bundle ids
 * it names. It is written when the gatekeeper stops, if a verdict changed since it was read or there
 * was no file (so a stop that learned nothing new loads no JSON writer): after a crash the next
 * start scans again.
 *
 * <p>Concurrent semantics: thread-safe; verdicts live in a concurrent map.
 */
public final class ScanVerdicts {

    private static final Logger LOG = LoggerFactory.getLogger(ScanVerdicts.class);

    /**
     * One bundle revision's verdict: its refusal, or null when its code passed.
     *
     * @param rules the fingerprint of the allow-list it was reached under
     */
    record Verdict(long lastModified, String location, SecurityLevel level, String refusal, String rules) {
    }

    /** Verdicts of an older format (under the deny list) are not read. */
    private static final String FORMAT = "allow-list-1";

    private final Path file;
    private final Map<Long, Verdict> verdicts = new ConcurrentHashMap<>();
    /** Whether the verdicts differ from what the file holds (an unreadable or foreign file counts as differing). */
    private volatile boolean changed;

    private ScanVerdicts(Path file) {
        this.file = file;
    }

    /** Verdicts only in memory, for a gatekeeper without a data area. */
    public static ScanVerdicts inMemory() {
        return new ScanVerdicts(null);
    }

    /** The verdicts stored in {@code file}; none if it is absent, unreadable or of another format. */
    public static ScanVerdicts load(Path file) {
        ScanVerdicts loaded = new ScanVerdicts(file);
        if (file == null) {
            return loaded;
        }
        if (!Files.isRegularFile(file)) {
            // written at the first stop, even with nothing in it: its presence says the framework was stopped, not killed
            loaded.changed = true;
            return loaded;
        }
        try {
            JsonNode stored = Json.MAPPER.readTree(file.toFile());
            if (stored != null && FORMAT.equals(stored.path("format").asText(null)) && stored.path("verdicts").isObject()) {
                loaded.verdicts.putAll(verdicts(stored.get("verdicts")));
            } else {
                loaded.changed = true;
            }
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("{} cannot be read ({}); every plugin's code is scanned again", file, unreadable.getMessage());
            loaded.changed = true;
        }
        return loaded;
    }

    /**
     * The verdicts of a stored {@code {"bundle id": {...}}} object, all or none: an entry missing a
     * field, or with a level no release wrote, makes the whole file unreadable.
     */
    private static Map<Long, Verdict> verdicts(JsonNode stored) {
        Map<Long, Verdict> read = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = stored.fields(); entries.hasNext();) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode verdict = entry.getValue();
            JsonNode refusal = verdict.path("refusal");
            read.put(Long.parseLong(entry.getKey()), new Verdict(required(verdict, "lastModified").longValue(),
                    required(verdict, "location").textValue(), SecurityLevel.valueOf(required(verdict, "level").textValue()),
                    refusal.isTextual() ? refusal.textValue() : null, required(verdict, "rules").textValue()));
        }
        return read;
    }

    private static JsonNode required(JsonNode verdict, String field) {
        JsonNode value = verdict.get(field);
        boolean number = field.equals("lastModified");
        if (value == null || (number ? !value.canConvertToLong() || !value.isIntegralNumber() : !value.isTextual())) {
            throw new IllegalArgumentException("a verdict without a " + (number ? "whole number" : "text") + " "
                    + field);
        }
        return value;
    }

    Optional<Verdict> find(long bundleId, long lastModified, String location, SecurityLevel level, String rules) {
        Verdict verdict = verdicts.get(bundleId);
        return verdict != null && verdict.lastModified() == lastModified && verdict.location().equals(location)
                && verdict.level() == level && rules.equals(verdict.rules()) ? Optional.of(verdict) : Optional.empty();
    }

    void put(long bundleId, Verdict verdict) {
        if (!verdict.equals(verdicts.put(bundleId, verdict))) {
            changed = true;
        }
    }

    void remove(long bundleId) {
        if (verdicts.remove(bundleId) != null) {
            changed = true;
        }
    }

    /**
     * Writes the verdicts if they changed since they were read, replacing the file in one step so
     * a crash mid-write leaves the old one.
     */
    public void save() {
        if (file == null || !changed) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.createTempFile(file.getParent(), "scan-verdicts", ".tmp");
            Json.MAPPER.writeValue(written.toFile(), stored());
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changed = false;
        } catch (IOException | RuntimeException failed) {
            LOG.warn("The scan verdicts could not be written to {} ({}); the next start scans every plugin again",
                    file, failed.getMessage());
        }
    }

    /** The verdicts as the file keeps them: the format, and each verdict under its bundle id, in id order. */
    private ObjectNode stored() {
        ObjectNode stored = Json.MAPPER.createObjectNode();
        stored.put("format", FORMAT);
        ObjectNode byBundle = stored.putObject("verdicts");
        new TreeMap<>(verdicts).forEach((bundleId, verdict) -> {
            ObjectNode kept = byBundle.putObject(String.valueOf(bundleId));
            kept.put("lastModified", verdict.lastModified());
            kept.put("location", verdict.location());
            kept.put("level", verdict.level().name());
            kept.put("refusal", verdict.refusal());
            kept.put("rules", verdict.rules());
        });
        return stored;
    }

    /** For tests: the bundle ids with a verdict. */
    List<Long> bundleIds() {
        return List.copyOf(new TreeMap<>(verdicts).keySet());
    }

    /**
     * The JSON mapper, made on first use: a first start has no verdicts to read, and Jackson is slow
     * to load. Verdicts go through its tree model, not data binding: binding records costs a warm
     * start tens of milliseconds of introspection the first time, for five fields.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = PlatformJson.mapper();
    }
}
