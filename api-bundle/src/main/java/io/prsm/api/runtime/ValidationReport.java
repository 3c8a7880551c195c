package io.prsm.api.runtime;

import java.util.List;

/**
 * The result of checking a plugin jar before it is installed.
 *
 * @param location the jar that was checked
 * @param pluginId the plugin id, or an empty string if the manifest has none
 * @param version the plugin version as written, or an empty string
 * @param problems every problem found, each saying what is wrong and how to fix it
 */
public record ValidationReport(String location, String pluginId, String version, List<String> problems) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    /** Whether the jar may be installed. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
