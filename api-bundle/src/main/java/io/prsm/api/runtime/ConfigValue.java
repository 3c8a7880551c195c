package io.prsm.api.runtime;

/**
 * One configuration value of a plugin and where it comes from.
 *
 * @param key the configuration key
 * @param value the effective value
 * @param layer the layer that set it: {@code default}, {@code file}, {@code environment} or
 *        {@code override}
 * @param description what the key means, from the plugin's metatype description ({@code ""} if none)
 */
public record ConfigValue(String key, String value, String layer, String description) {
}
