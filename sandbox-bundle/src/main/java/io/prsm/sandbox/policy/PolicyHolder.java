package io.prsm.sandbox.policy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.prsm.limits.BoundedFile;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.OverLimitException;
import io.prsm.limits.Quote;

/**
 * The policy in force. Readers take one snapshot per decision; a reload builds a new snapshot and
 * swaps it in whole, or, when the file is malformed, keeps the one in force and reports why.
 * Each swap increases the revision, so caches of decisions can tell they are stale. A reload
 * reads and parses the file holding no lock (see {@link PolicyFile} for what it reads), so a file
 * that is slow or large never holds up a decision or another command.
 *
 * <p>Concurrent semantics: thread-safe and lock-free; readers never see a half-applied policy.
 */
public final class PolicyHolder {

    /**
     * The policy with its revision, published together; {@code defaults} when it is the defaults
     * because the file was missing at the last reload.
     */
    public record Snapshot(Policy policy, long revision, boolean defaults) {
    }

    /** What a reload did: whether it changed the policy, and the problems if it did not. */
    public record Reload(boolean applied, List<String> problems) {
        public Reload {
            problems = List.copyOf(problems);
        }
    }

    private final JsonLimits json;
    private final AtomicReference<Snapshot> current;

    public PolicyHolder(Policy initial) {
        this(initial, JsonLimits.DEFAULTS);
    }

    /** @param json the limits a policy file is read within (documents also within its {@link PolicyFile#maxBytes()}) */
    public PolicyHolder(Policy initial, JsonLimits json) {
        this.json = json;
        current = new AtomicReference<>(new Snapshot(initial, 0, false));
    }

    public Snapshot current() {
        return current.get();
    }

    /** Reads {@code file}, named by the operator, within the default size; see {@link #load(PolicyFile)}. */
    public Reload load(Path file) {
        return load(PolicyFile.named(file));
    }

    /**
     * Reads {@code file} and puts its policy in force. A missing file means the defaults; a
     * malformed one, or one that is not a regular file within the limits, leaves the policy in
     * force untouched.
     */
    public Reload load(PolicyFile file) {
        byte[] content;
        try {
            content = BoundedFile.read(file.path(), file.maxBytes(), PolicyFile.MAX_BYTES, file.within());
        } catch (NoSuchFileException absent) {
            install(PolicyParser.defaults(), true);
            return new Reload(true, List.of());
        } catch (OverLimitException tooLarge) {
            return new Reload(false, List.of(tooLarge.getMessage()));
        } catch (IOException unreadable) {
            String reason = Quote.prefix(String.valueOf(unreadable.getMessage()), 400);
            // the file checks name the file themselves; other failures (permissions) may name only the path
            return new Reload(false, List.of(reason.startsWith(file.toString()) ? reason
                    : "Cannot read " + file + ": " + reason));
        }
        PolicyParser.Result result = new PolicyParser(BoundedJson.of(file.limits(json))).parse(content);
        if (!result.valid()) {
            return new Reload(false, result.problems());
        }
        install(result.policy(), false);
        return new Reload(true, List.of());
    }

    private void install(Policy policy, boolean defaults) {
        current.updateAndGet(previous -> new Snapshot(policy, previous.revision() + 1, defaults));
    }
}
