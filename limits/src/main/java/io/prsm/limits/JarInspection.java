package io.prsm.limits;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link JarInspector} found in a jar that is within the limits and readable.
 *
 * @param hasManifest whether the jar has {@code META-INF/MANIFEST.MF}
 * @param headers the manifest's main headers, in the order written; empty without a manifest
 * @param problems what the framework would refuse or the scan could not trust, one line each
 * @param entries how many entries the jar holds, nested jars' included
 *
 * <p>Concurrent semantics: immutable.
 */
public record JarInspection(boolean hasManifest, Map<String, String> headers, List<String> problems, int entries) {

    public JarInspection {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        problems = List.copyOf(problems);
    }
}
