package io.prsm.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;
import io.prsm.limits.Quote;

/**
 * What a plugin's metatype description says about its configuration: the keys, their defaults
 * and descriptions, and the checks a value must pass. A plugin without one accepts any key, as
 * text; it may still refuse a value in initialize or reconfigure.
 *
 * <p>Concurrent semantics: immutable after construction; metatype definitions are read-only.
 */
public final class ConfigSchema {

    private static final ConfigSchema NONE = new ConfigSchema(Map.of());

    private final Map<String, AttributeDefinition> attributes;
    private final Map<String, String> defaults;

    private ConfigSchema(Map<String, AttributeDefinition> attributes) {
        // insertion order is the description's order, which prsm:config shows
        this.attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Map<String, String> texts = new LinkedHashMap<>();
        attributes.forEach((key, attribute) -> {
            String[] values = attribute.getDefaultValue();
            if (values != null && values.length > 0) {
                texts.put(key, String.join(",", values));
            }
        });
        this.defaults = java.util.Collections.unmodifiableMap(texts);
    }

    public static ConfigSchema none() {
        return NONE;
    }

    public static ConfigSchema of(ObjectClassDefinition definition) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        AttributeDefinition[] all = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all != null) {
            for (AttributeDefinition attribute : all) {
                attributes.put(attribute.getID(), attribute);
            }
        }
        return new ConfigSchema(attributes);
    }

    public boolean described() {
        return !attributes.isEmpty();
    }

    public Set<String> keys() {
        return attributes.keySet();
    }

    /** The defaults the description gives, as text. */
    public Map<String, String> defaults() {
        return defaults;
    }

    public String description(String key) {
        AttributeDefinition attribute = attributes.get(key);
        if (attribute == null) {
            return "";
        }
        String description = attribute.getDescription();
        return description == null || description.isBlank() ? attribute.getName() : description;
    }

    /** Why {@code value} is not acceptable for {@code key}, or empty when it is. */
    public Optional<String> problem(String key, String value) {
        if (!described()) {
            return Optional.empty();
        }
        AttributeDefinition attribute = attributes.get(key);
        if (attribute == null) {
            return Optional.of("'" + Quote.prefix(key) + "' is not a configuration key of this plugin; it has " + keys());
        }
        String verdict = attribute.validate(value);
        if (verdict == null || verdict.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("'" + Quote.prefix(value) + "' is not a valid " + key + ": "
                + Quote.prefix(verdict, 200) + expectation(attribute));
    }

    private static String expectation(AttributeDefinition attribute) {
        String[] options = attribute.getOptionValues();
        if (options != null && options.length > 0) {
            return " (one of " + String.join(", ", options) + ")";
        }
        return switch (attribute.getType()) {
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> " (a whole number)";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> " (a number)";
            case AttributeDefinition.BOOLEAN -> " (true or false)";
            default -> "";
        };
    }
}
