package io.prsm.api.runtime;

import java.util.List;

/**
 * The result of checking a plugin jar before it is installed.
 *
 * @param location the jar that was checked
 * @param pluginId the plugin id, or an empty string if the manifest has none
 * @param version the plugin version as written, or an empty string
 * @param problems every problem found, each saying what is wrong and how to fix it
 * @param taskTypes the task types the plugin declares (empty: not declared), since 1.1
 */
public record ValidationReport(String location, String pluginId, String version, List<String> problems,
        List<String> taskTypes) {

    /** A report without task types, as 1.0 made them. */
    public ValidationReport(String location, String pluginId, String version, List<String> problems) {
        this(location, pluginId, version, problems, List.of());
    }

    public ValidationReport {
        problems = List.copyOf(problems);
        taskTypes = List.copyOf(taskTypes);
    }

    /** Whether the jar may be installed. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
