package io.prsm.sandbox.bytecode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.SecurityLevel;

/**
 * The bytecode verdict on each installed plugin, kept across restarts so that a warm start does
 * not scan code it already scanned. A verdict holds while the bundle's revision (its last
 * modification, which the framework changes on every install and update, and its location), its
 * level and the deny list stay the same; anything else scans again. The file lives in the
 * gatekeeper's data area of the bundle cache, so it goes when the cache goes, with the bundle ids
 * it names. It is written when the gatekeeper stops: after a crash the next start scans again.
 *
 * <p>Concurrent semantics: thread-safe; verdicts live in a concurrent map.
 */
public final class ScanVerdicts {

    private static final Logger LOG = LoggerFactory.getLogger(ScanVerdicts.class);

    /** One bundle revision's verdict: its refusal, or null when its code passed. */
    record Verdict(long lastModified, String location, SecurityLevel level, String refusal) {
    }

    /** What is stored: the deny list the verdicts were reached under, and the verdicts by bundle id. */
    private record Stored(String denyList, Map<Long, Verdict> verdicts) {
    }

    private final Path file;
    private final DenyList rules;
    private final Map<Long, Verdict> verdicts = new ConcurrentHashMap<>();

    private ScanVerdicts(Path file, DenyList rules) {
        this.file = file;
        this.rules = rules;
    }

    /** Verdicts only in memory, for a gatekeeper without a data area. */
    public static ScanVerdicts inMemory(DenyList rules) {
        return new ScanVerdicts(null, rules);
    }

    /** The verdicts stored in {@code file} under the same deny list; none if it is absent, unreadable or older. */
    public static ScanVerdicts load(Path file, DenyList rules) {
        ScanVerdicts loaded = new ScanVerdicts(file, rules);
        if (file == null || !Files.isRegularFile(file)) {
            return loaded;
        }
        try {
            Stored stored = Json.MAPPER.readValue(file.toFile(), new TypeReference<Stored>() {
            });
            // the digest is taken only when there is something to compare it with: a first start needs none
            if (fingerprint(rules).equals(stored.denyList()) && stored.verdicts() != null) {
                loaded.verdicts.putAll(stored.verdicts());
            }
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("{} cannot be read ({}); every plugin's code is scanned again", file, unreadable.getMessage());
        }
        return loaded;
    }

    Optional<Verdict> find(long bundleId, long lastModified, String location, SecurityLevel level) {
        Verdict verdict = verdicts.get(bundleId);
        return verdict != null && verdict.lastModified() == lastModified && verdict.location().equals(location)
                && verdict.level() == level ? Optional.of(verdict) : Optional.empty();
    }

    void put(long bundleId, Verdict verdict) {
        verdicts.put(bundleId, verdict);
    }

    void remove(long bundleId) {
        verdicts.remove(bundleId);
    }

    /** Writes the verdicts, replacing the file in one step so a crash mid-write leaves the old one. */
    public void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.createTempFile(file.getParent(), "scan-verdicts", ".tmp");
            Json.MAPPER.writeValue(written.toFile(), new Stored(fingerprint(rules), new TreeMap<>(verdicts)));
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException failed) {
            LOG.warn("The scan verdicts could not be written to {} ({}); the next start scans every plugin again",
                    file, failed.getMessage());
        }
    }

    /** A digest of the rules, independent of set iteration order, so a changed deny list invalidates every verdict. */
    private static String fingerprint(DenyList rules) {
        StringBuilder text = new StringBuilder();
        for (DenyRule rule : rules.rules()) {
            text.append(rule.owner()).append('|').append(new java.util.TreeSet<>(rule.members())).append('|')
                    .append(rule.reason()).append('|').append(new java.util.TreeSet<>(rule.levels())).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }

    /** For tests: the bundle ids with a verdict. */
    List<Long> bundleIds() {
        return List.copyOf(new TreeMap<>(verdicts).keySet());
    }

    /** The JSON mapper, made on first use: a first start has no verdicts to read, and Jackson is slow to load. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
