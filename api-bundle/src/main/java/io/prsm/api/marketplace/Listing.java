package io.prsm.api.marketplace;

import java.util.List;

/**
 * One version of one plugin as a repository's index describes it.
 *
 * @param repository the name of the repository that offers it
 * @param pluginId the plugin id
 * @param version the plugin version
 * @param type the plugin type, for example {@code analytics}
 * @param level the security level it asks for
 * @param capabilities what it says it can do
 * @param permissions the permissions it requires ({@code name} or {@code name (optional)})
 * @param entitlements the entitlements it declares, one line each
 * @param taskTypes the task types it accepts (empty: not declared)
 * @param name its {@code Bundle-Name}, or empty
 * @param description its {@code Bundle-Description}, or empty
 * @param vendor its {@code Bundle-Vendor}, or empty
 * @param url where its jar is
 * @param sha256 the jar's SHA-256 as the index states it, in lower-case hex as {@code sha256sum} prints it
 */
public record Listing(String repository, String pluginId, String version, String type, String level,
        List<String> capabilities, List<String> permissions, List<String> entitlements, List<String> taskTypes,
        String name, String description, String vendor, String url, String sha256) {

    public Listing {
        capabilities = List.copyOf(capabilities);
        permissions = List.copyOf(permissions);
        entitlements = List.copyOf(entitlements);
        taskTypes = List.copyOf(taskTypes);
    }
}
