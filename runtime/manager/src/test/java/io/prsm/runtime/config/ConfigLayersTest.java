package io.prsm.runtime.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

import io.prsm.api.runtime.ConfigValue;

public class ConfigLayersTest {

    private static ConfigLayers layers(Map<String, String> file, Map<String, String> environment,
            Map<String, String> overrides) {
        return new ConfigLayers("demo-plugin", ConfigSchema.none(), file, environment::get, overrides);
    }

    @Test
    public void eachLayerOverridesTheOnesBelow() {
        ConfigLayers layers = layers(Map.of("a", "file", "b", "file", "c", "file"),
                Map.of("PRSM_DEMO_PLUGIN_B", "env", "PRSM_DEMO_PLUGIN_C", "env"), Map.of("c", "override"));
        assertEquals(Optional.of(new ConfigValue("a", "file", "file", "")), layers.lookup("a"));
        assertEquals("environment", layers.lookup("b").orElseThrow().layer());
        assertEquals("override", layers.lookup("c").orElseThrow().value());
        assertEquals(Optional.empty(), layers.lookup("d"));
    }

    @Test
    public void anOverrideCanBeSetAndRemoved() {
        ConfigLayers base = layers(Map.of("a", "file"), Map.of(), Map.of());
        ConfigLayers changed = base.withOverride("a", "new");
        assertEquals("new", changed.lookup("a").orElseThrow().value());
        assertEquals("file", changed.withOverride("a", null).lookup("a").orElseThrow().value());
        assertEquals(base, changed.withOverride("a", null));
    }

    @Test
    public void theEnvironmentNameIsUpperCaseWithUnderscores() {
        assertEquals("PRSM_ADVANCED_ANALYTICS_RECENT_EVENTS",
                ConfigLayers.environmentName("advanced-analytics", "recent_events"));
        assertEquals("PRSM_X_A_B", ConfigLayers.environmentName("x", "a.b"));
    }

    @Test
    public void withoutADescriptionEveryValueIsAccepted() {
        assertTrue(layers(Map.of("anything", "at all"), Map.of(), Map.of()).problems().isEmpty());
        assertEquals(List.of("anything"),
                layers(Map.of("anything", "x"), Map.of(), Map.of()).effective().stream().map(ConfigValue::key).toList());
    }
}
