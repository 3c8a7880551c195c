package io.prsm.sandbox.bytecode;

import java.util.List;

import io.prsm.api.SecurityLevel;

/**
 * The outcome of scanning a plugin jar.
 *
 * @param level the level the classes were checked against
 * @param classesScanned how many classes were read
 * @param violations every forbidden use found, in class order
 */
public record ScanReport(SecurityLevel level, int classesScanned, List<Violation> violations) {

    public ScanReport {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }
}
