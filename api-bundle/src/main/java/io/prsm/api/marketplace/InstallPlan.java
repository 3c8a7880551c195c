package io.prsm.api.marketplace;

import java.util.List;

/**
 * What an install or update by id will install, resolved, downloaded and checked, before anything
 * is installed: the libraries first, then the plugin (the last jar).
 *
 * @param pluginId the plugin
 * @param version the version chosen
 * @param repository the repository the plugin comes from
 * @param jars the libraries not installed yet, then the plugin
 */
public record InstallPlan(String pluginId, String version, String repository, List<PlannedJar> jars) {

    public InstallPlan {
        jars = List.copyOf(jars);
    }
}
