package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * The plugin lifecycle in a real Felix running the distribution's bundles: install at run time,
 * every task type of the analytics sample, stop, start, uninstall, and refusal of invalid plugins.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PluginLifecycleIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("lifecycle");
    }

    /** Pax Exam builds one framework configuration per class: each test also leaves no plugin data. */
    @After
    public void deletePluginData() throws Exception {
        uninstallEveryPlugin();
        Path data = Path.of(context.getProperty("prsm.storage"), "plugins");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> succeed(String type, Map<String, Object> config) throws Exception {
        PluginResponse response = execute("analytics-dashboard", type, config);
        assertTrue(type + ": " + response.error(), response.success());
        return map(response.data());
    }

    @Test
    public void installedSampleAnswersEveryTaskTypeWithRealMeasurements() throws Exception {
        PluginInfo installed = plugins.install(analyticsJar());
        assertEquals("analytics-dashboard", installed.pluginId());
        assertEquals(PluginState.ACTIVE, installed.state());
        assertEquals("sandbox", installed.securityLevel());
        assertTrue(installed.grantedPermissions().contains("read_analytics_data"));

        Map<String, Object> metrics = map(succeed("get_metrics", Map.of()).get("metrics"));
        assertTrue(((Number) map(metrics.get("plugins")).get("total")).intValue() >= 1);
        assertTrue(((Number) map(metrics.get("system")).get("heap_used_bytes")).longValue() > 0);

        Map<String, Object> dashboard = succeed("create_dashboard", Map.of("name", "Runtime", "widgets", List.of(
                Map.of("type", "counter", "data_source", "plugins.active"),
                Map.of("type", "gauge", "data_source", "system.heap_used_ratio"))));
        Map<String, Object> shown = succeed("get_dashboard", Map.of("dashboard_id", dashboard.get("dashboard_id")));
        assertEquals(1L, ((Number) map(((List<?>) shown.get("widgets")).get(0)).get("value")).longValue());

        Map<String, Object> report = succeed("generate_report", Map.of("type", "plugins"));
        assertEquals(1, ((List<?>) report.get("plugins")).size());

        String csv = succeed("export_data", Map.of("format", "csv")).get("content").toString();
        assertTrue(csv, csv.startsWith("plugin_id,"));
        assertTrue(csv, csv.contains("analytics-dashboard,1.0.0,analytics,sandbox,active"));
        assertTrue(succeed("export_data", Map.of("format", "json", "data_type", "dashboards")).get("content")
                .toString().contains("\"runtime\""));

        PluginResponse unknown = execute("analytics-dashboard", "launch_rocket", Map.of());
        assertFalse(unknown.success());
        assertEquals("INVALID_TASK", unknown.errorCode());
        assertTrue(unknown.error().contains("Unknown task type 'launch_rocket'"));

        PluginInfo after = plugins.info("analytics-dashboard");
        // issue 18: the plugin declares its task types, so the runtime answers the unknown one itself
        assertEquals("six tasks reached the plugin", 6, after.metrics().submitted());
        assertEquals("none of them failed", 0, after.metrics().failed());
        assertEquals("the runtime answered the unknown type: the plugin's counts are untouched", 0, after.metrics().invalid());
        assertEquals(0.0, after.metrics().errorRate(), 0.0);
        assertTrue(after.metrics().cpuNanos() > 0);
    }

    @Test
    public void stoppedPluginRefusesTasksAndStartsAgainWithItsData() throws Exception {
        long bundleId = plugins.install(analyticsJar()).bundleId();
        succeed("create_dashboard", Map.of("name", "Kept", "widgets",
                List.of(Map.of("type", "counter", "data_source", "tasks.submitted"))));

        assertEquals(PluginState.STOPPED, plugins.stop("analytics-dashboard").state());
        PluginResponse refused = execute("analytics-dashboard", "get_metrics", Map.of());
        assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());
        assertTrue(refused.error(), refused.error().contains("prsm:start analytics-dashboard"));

        assertEquals(PluginState.ACTIVE, plugins.start(String.valueOf(bundleId)).state());
        List<?> dashboards = (List<?>) succeed("list_dashboards", Map.of()).get("dashboards");
        assertEquals(1, dashboards.size());
    }

    @Test
    public void uninstallRemovesTheBundleButKeepsItsData() throws Exception {
        long bundleId = plugins.install(analyticsJar()).bundleId();
        succeed("create_dashboard", Map.of("name", "Survivor", "widgets",
                List.of(Map.of("type", "counter", "data_source", "plugins.total"))));
        plugins.uninstall("analytics-dashboard");

        assertTrue(plugins.list().isEmpty());
        Bundle gone = context.getBundle(bundleId);
        assertTrue(gone == null || gone.getState() == Bundle.UNINSTALLED);
        Path stored = Path.of(context.getProperty("prsm.storage"), "plugins", "analytics-dashboard", "data",
                "dashboard-survivor");
        assertTrue(stored + " kept", Files.exists(stored));
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> plugins.info("analytics-dashboard"));
        assertTrue(e.getMessage(), e.getMessage().contains("Run prsm:list"));

        plugins.install(analyticsJar());
        assertEquals("a reinstalled plugin finds its data", 1,
                ((List<?>) succeed("list_dashboards", Map.of()).get("dashboards")).size());
    }

    @Test
    public void invalidManifestsAreRefusedAndNothingElseChanges() throws Exception {
        plugins.install(analyticsJar());
        int bundlesBefore = context.getBundles().length;

        PluginOperationException version = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.sample.invalidVersion")));
        assertTrue(version.getMessage(), version.getMessage().contains("Field 'version': '1.0'"));
        PluginOperationException type = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.sample.invalidType")));
        assertTrue(type.getMessage(), type.getMessage().contains("Field 'type': 'spaceship'"));

        assertEquals("nothing was installed", bundlesBefore, context.getBundles().length);
        assertEquals(PluginState.ACTIVE, plugins.info("analytics-dashboard").state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void invalidPluginInstalledBehindTheRuntimesBackCannotResolveAndIsMarkedFailed() throws Exception {
        Bundle sneaked = context.installBundle(Path.of(property("prsm.sample.invalidType")).toUri().toString());
        try {
            org.osgi.framework.BundleException unresolved = assertThrows(org.osgi.framework.BundleException.class,
                    sneaked::start);
            // Felix says "Unable to resolve", Equinox "Could not resolve module"
            assertTrue(unresolved.getMessage(), unresolved.getMessage().toLowerCase(java.util.Locale.ROOT)
                    .contains("resolve"));
            assertEquals("the gatekeeper keeps it from resolving", Bundle.INSTALLED, sneaked.getState());
            PluginInfo info = plugins.info(String.valueOf(sneaked.getBundleId()));
            assertEquals(PluginState.FAILED, info.state());
            assertTrue(info.lastError(), info.lastError().contains("spaceship"));
            PluginResponse refused = execute(String.valueOf(sneaked.getBundleId()), "echo", Map.of());
            assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());
        } finally {
            sneaked.uninstall();
        }
    }

    @Test
    public void secondInstallOfTheSamePluginIsRefused() throws Exception {
        PluginInfo first = plugins.install(analyticsJar());
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> plugins.install(analyticsJar()));
        assertTrue(e.getMessage(), e.getMessage().contains("already installed as bundle " + first.bundleId()));
        assertEquals(1, plugins.list().size());
    }

    @Test
    public void validateReportsWithoutInstalling() throws Exception {
        assertTrue(plugins.validate(analyticsJar()).valid());
        assertFalse(plugins.validate(property("prsm.sample.invalidVersion")).valid());
        assertTrue(plugins.list().isEmpty());
        assertNotNull(plugins.validate(analyticsJar()).location());
    }
}
