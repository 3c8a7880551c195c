package io.prsm.runtime.plugins;

import io.prsm.limits.Quote;

/**
 * What an audit entry names as the plugin of a refused install before its manifest was read: the
 * jar's file name, the last part of its path or URL.
 *
 * <p>Concurrent semantics: stateless.
 */
final class JarTarget {

    private JarTarget() {
    }

    /** The last part of {@code location} without query or fragment; the whole location if it has none. */
    static String fileName(String location) {
        if (location == null || location.isBlank()) {
            return "(no jar given)";
        }
        String path = location.strip().replaceAll("[?#].*$", "");
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        return Quote.prefix(name.isEmpty() ? path : name, 200);
    }
}
