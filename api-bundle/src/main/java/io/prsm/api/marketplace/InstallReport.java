package io.prsm.api.marketplace;

import java.util.List;

/**
 * What {@link Marketplace#install} installed, in installation order: the libraries first, then
 * the plugin.
 *
 * @param pluginId the plugin installed
 * @param version its version
 * @param repository where it came from
 * @param libraries the library bundles installed for it ({@code symbolic-name version}); libraries
 *        already installed are not listed
 */
public record InstallReport(String pluginId, String version, String repository, List<String> libraries) {

    public InstallReport {
        libraries = List.copyOf(libraries);
    }
}
