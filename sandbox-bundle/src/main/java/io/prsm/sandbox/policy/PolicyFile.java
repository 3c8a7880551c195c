package io.prsm.sandbox.policy;

import java.nio.file.Path;

import io.prsm.limits.JsonLimits;

/**
 * Where the policy is read from, and how: {@code policy.json} in the storage folder may not be a
 * link out of that folder (someone who can write the folder could otherwise have the gatekeeper
 * read any file); a file the operator names ({@code prsm.policy}, or the embedding API's
 * {@code policy(Path)}) is read wherever it is. Either way it must be a regular file of at most
 * {@link #maxBytes()} ({@value #MAX_BYTES}, 1 MiB by default).
 *
 * @param path the file
 * @param within the folder a link must stay in, or null when the operator named the file
 * @param maxBytes the most the file may hold
 */
public record PolicyFile(Path path, Path within, long maxBytes) {

    public static final String MAX_BYTES = "prsm.policy.maxBytes";
    public static final long DEFAULT_MAX_BYTES = 1L << 20;

    /** A file the operator named, of at most the default size. */
    public static PolicyFile named(Path path) {
        return new PolicyFile(path, null, DEFAULT_MAX_BYTES);
    }

    /** The JSON limits a policy is read within: {@code json}'s, with documents of at most {@link #maxBytes()}. */
    JsonLimits limits(JsonLimits json) {
        return json.withMaxBytes(maxBytes);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
