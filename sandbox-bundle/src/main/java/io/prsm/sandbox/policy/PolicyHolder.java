package io.prsm.sandbox.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force. Readers take one snapshot per decision; a reload builds a new snapshot and
 * swaps it in whole, or, when the file is malformed, keeps the one in force and reports why.
 * Each swap increases the revision, so caches of decisions can tell they are stale.
 *
 * <p>Concurrent semantics: thread-safe and lock-free; readers never see a half-applied policy.
 */
public final class PolicyHolder {

    /** The policy with its revision, published together. */
    public record Snapshot(Policy policy, long revision) {
    }

    /** What a reload did: whether it changed the policy, and the problems if it did not. */
    public record Reload(boolean applied, List<String> problems) {
        public Reload {
            problems = List.copyOf(problems);
        }
    }

    private final PolicyParser parser = new PolicyParser();
    private final AtomicReference<Snapshot> current;

    public PolicyHolder(Policy initial) {
        current = new AtomicReference<>(new Snapshot(initial, 0));
    }

    public Snapshot current() {
        return current.get();
    }

    /**
     * Reads {@code file} and puts its policy in force. A missing file means the defaults; a
     * malformed one leaves the policy in force untouched.
     */
    public Reload load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            install(PolicyParser.defaults());
            return new Reload(true, List.of());
        } catch (IOException unreadable) {
            return new Reload(false, List.of("Cannot read " + file + ": " + unreadable.getMessage()
                    + "; the policy in force is kept"));
        }
        PolicyParser.Result result = parser.parse(json);
        if (!result.valid()) {
            return new Reload(false, result.problems());
        }
        install(result.policy());
        return new Reload(true, List.of());
    }

    private void install(Policy policy) {
        current.updateAndGet(previous -> new Snapshot(policy, previous.revision() + 1));
    }
}
