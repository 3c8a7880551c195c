package io.prsm.sandbox.classify;

import java.util.Optional;

import io.prsm.api.SecurityLevel;

/**
 * What a bundle is to the gatekeeper. Every layer asks {@link BundleClassifier} for it and acts on
 * it; none decides for itself whether a bundle is exempt.
 */
public enum Classification {
    /** The framework, the runtime, the gatekeeper, libraries: no {@code prsm.plugin} capability. */
    PLATFORM,
    /** A plugin that declares {@code trusted} and that the policy trusts (with its signer, if it names one). */
    TRUSTED_PLUGIN,
    /** A plugin at level {@code sandbox}. */
    SANDBOX,
    /** A plugin at level {@code isolated}. */
    ISOLATED,
    /**
     * Anything else: a plugin whose capability cannot be read, whose level is unknown, that claims
     * {@code trusted} without the policy's trust, or a bundle that is gone. The most restricted of
     * all: it resolves nothing, defines no class, sees no service and its services are hidden.
     */
    UNKNOWN;

    /** Whether the bundle is a plugin below the trusted level, or unknown: every rule applies to it. */
    public boolean untrusted() {
        return this == SANDBOX || this == ISOLATED || this == UNKNOWN;
    }

    /** Whether the bundle is a plugin of any kind (anything but the platform). */
    public boolean plugin() {
        return this != PLATFORM;
    }

    /**
     * The level whose rules apply: trusted, sandbox or isolated; unknown bundles get isolated's,
     * the strictest, where a layer has no stricter answer of its own (it refuses them outright
     * where it can). Empty for the platform.
     */
    public Optional<SecurityLevel> rulesLevel() {
        return switch (this) {
            case PLATFORM -> Optional.empty();
            case TRUSTED_PLUGIN -> Optional.of(SecurityLevel.TRUSTED);
            case SANDBOX -> Optional.of(SecurityLevel.SANDBOX);
            case ISOLATED, UNKNOWN -> Optional.of(SecurityLevel.ISOLATED);
        };
    }
}
