package io.prsm.platform;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The policy's rule for who must have signed the jars installed from a marketplace repository
 * ({@code "repositories"} of {@code policy.json}), as the policy in force says now: a reload
 * applies to the next install. The gatekeeper provides it; the marketplace refuses to install
 * from a repository while none is there, and ignores one that a plugin registers.
 *
 * <p>Concurrent semantics: thread-safe.
 */
@ProviderType
public interface RepositorySigners {

    /**
     * The certificate subjects one of which must have signed (as a whole) every jar installed
     * from repository {@code repository}: its own rule, else the rule for every repository
     * ({@code "*"}); empty when the policy requires none.
     */
    List<String> requiredFor(String repository);
}
