package io.prsm.api;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a plugin when it initializes it: its configuration values, the
 * permissions it was granted and the resource limits it declared.
 *
 * <p>Typed getters return the default when a key is absent and throw
 * {@link IllegalArgumentException}, naming the key and the value, when the value does not parse.
 *
 * <p>Concurrent semantics: immutable; safe to share between threads.
 */
@ProviderType
public interface PluginConfig {

    /** The plugin id from the manifest, for example {@code analytics-dashboard}. */
    String pluginId();

    /** The security level the plugin runs at. */
    SecurityLevel securityLevel();

    /** The raw value of {@code key}, if configured. */
    Optional<String> get(String key);

    String getString(String key, String defaultValue);

    int getInt(String key, int defaultValue);

    long getLong(String key, long defaultValue);

    double getDouble(String key, double defaultValue);

    boolean getBoolean(String key, boolean defaultValue);

    /**
     * Whether the plugin holds {@code permission}: a mandatory permission always (the plugin would
     * not have resolved otherwise), an optional one only if the runtime granted it.
     */
    boolean hasPermission(String permission);

    /** Every permission the plugin holds. */
    Set<String> grantedPermissions();

    /** The memory the plugin declared it needs, in bytes. */
    long memoryLimit();

    /** The share of one CPU core the plugin declared it needs. */
    double cpuLimit();

    /** The storage the plugin declared it needs, in bytes; its {@link PluginStorage} quota. */
    long storageLimit();
}
