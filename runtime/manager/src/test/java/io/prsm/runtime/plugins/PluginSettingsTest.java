package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.Test;

public class PluginSettingsTest {

    @Test
    public void environmentOverridesFrameworkProperties() {
        PluginSettings settings = new PluginSettings(
                Map.of("prsm.plugin.analytics-dashboard.max_dashboards", "10")::get,
                Map.of("PRSM_ANALYTICS_DASHBOARD_MAX_DASHBOARDS", "20")::get);
        assertEquals(Optional.of("20"), settings.value("analytics-dashboard", "max_dashboards"));
    }

    @Test
    public void frameworkPropertyIsUsedWithoutEnvironment() {
        PluginSettings settings = new PluginSettings(Map.of("prsm.plugin.demo.rate", "0.5")::get, name -> null);
        assertEquals(Optional.of("0.5"), settings.value("demo", "rate"));
        assertEquals(Optional.empty(), settings.value("demo", "other"));
    }

    @Test
    public void environmentNameIsUpperCaseWithUnderscores() {
        assertEquals("PRSM_ANALYTICS_DASHBOARD_REFRESH_INTERVAL",
                PluginSettings.environmentName("analytics-dashboard", "refresh.interval"));
    }
}
