package io.prsm.sandbox.resolve;

import java.util.List;
import java.util.Optional;

import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;

/**
 * Which plugin a bundle revision is and the level it declares, read from its {@code prsm.plugin}
 * capability as the framework parsed it.
 *
 * @param pluginId the plugin id, or the symbolic name when the capability has none
 * @param level the declared level, empty when it is missing or unknown (such a plugin is refused)
 */
public record PluginIdentity(String pluginId, Optional<SecurityLevel> level) {

    static final String NAMESPACE = "prsm.plugin";

    /** The identity of {@code revision}, or empty when it declares no plugin (infrastructure). */
    public static Optional<PluginIdentity> of(BundleRevision revision) {
        List<BundleCapability> declared = revision.getDeclaredCapabilities(NAMESPACE);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        Object id = declared.get(0).getAttributes().get(NAMESPACE);
        Object level = declared.get(0).getAttributes().get("security.level");
        return Optional.of(new PluginIdentity(id instanceof String text ? text : revision.getSymbolicName(),
                level instanceof String text ? SecurityLevel.fromId(text) : Optional.empty()));
    }
}
