package io.prsm.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a plugin is trusted. Written in the {@code security.level} attribute of the
 * {@code prsm.plugin} capability in lower case.
 */
public enum SecurityLevel {
    /** Everything: all services, file system, network, threads, reflection. */
    TRUSTED,
    /** The API bundle, platform services its permissions grant, Jackson and SLF4J. */
    SANDBOX,
    /** The API bundle and the services its permissions grant, nothing else. */
    ISOLATED;

    /** The manifest spelling, for example {@code sandbox}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level a manifest spelling names, if any. */
    public static Optional<SecurityLevel> fromId(String id) {
        return Arrays.stream(values()).filter(level -> level.id().equals(id)).findFirst();
    }
}
