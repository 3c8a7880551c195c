package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.ValidationReport;

/**
 * The gatekeeper in force in a real Felix with the distribution's bundles: each hostile plugin is
 * refused for the right reason, the refusal is in the audit log, and the runtime keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatekeeperIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("gatekeeper");
    }

    private String refusal(String jarProperty) {
        return assertThrows(PluginOperationException.class, () -> plugins.install(property(jarProperty))).getMessage();
    }

    private void assertRuntimeStillServes() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void sandboxPluginCannotStopTheJvm() throws Exception {
        String message = refusal("prsm.hostile.exits");
        assertTrue(message, message.contains("io.prsm.sample.hostile.ExitsTheJvmPlugin.execute"));
        assertTrue(message, message.contains("uses java.lang.System.exit: stopping the JVM is not allowed at level sandbox"));
        assertTrue(plugins.list().isEmpty());
        assertTrue(auditLog().contains("\"plugin\":\"exits-the-jvm\",\"bundle\":-1,\"layer\":\"bytecode\","
                + "\"request\":\"java.lang.System.exit\",\"decision\":\"deny\""));
        assertRuntimeStillServes();
    }

    @Test
    public void sandboxPluginCannotReadFiles() throws Exception {
        String message = refusal("prsm.hostile.readsFile");
        assertTrue(message, message.contains("java.nio.file.Files.readString: file system access is not allowed"));
        ValidationReport report = plugins.validate(property("prsm.hostile.readsFile"));
        assertFalse(report.valid());
        assertEquals(2, report.problems().size());
        assertRuntimeStillServes();
    }

    @Test
    public void sandboxPluginCannotWireToFrameworkInternalsOrConfigurationAdmin() throws Exception {
        String message = refusal("prsm.hostile.configAdmin");
        assertTrue(message, message.contains("uses org.osgi.service.cm.ConfigurationAdmin.listConfigurations: "
                + "framework internals that only the platform may use is not allowed at level sandbox"));
        String audit = auditLog();
        assertTrue(audit, audit.contains("\"plugin\":\"uses-config-admin\""));
        assertTrue(audit, audit.contains("\"request\":\"org.osgi.service.cm.ConfigurationAdmin.listConfigurations\""));
        assertTrue(plugins.list().isEmpty());
        assertRuntimeStillServes();
    }

    @Test
    public void trustedLevelCannotBeClaimedWithoutThePolicy() throws Exception {
        String message = refusal("prsm.hostile.claimsTrusted");
        assertTrue(message, message.contains("plugin claims-trusted declares the trusted level but the policy does not "
                + "trust it; add it to \"trusted\" in policy.json"));
        assertTrue(auditLog().contains("plugin claims-trusted declares the trusted level but the policy does not trust it"));
        assertRuntimeStillServes();
    }

    @Test
    public void sandboxPluginIsNotGivenThePluginManagerButIsGivenWhatItsPermissionAllows() throws Exception {
        plugins.install(property("prsm.sample.serviceProbe"));
        io.prsm.api.PluginResponse response = execute("service-probe", "peek", Map.of());
        assertTrue(response.error(), response.success());
        assertEquals(Map.of("plugin_manager", false, "runtime_statistics", true), response.data());
        assertTrue(auditLog().contains("\"plugin\":\"service-probe\""));
        assertTrue(auditLog().contains("\"request\":\"find io.prsm.api.runtime.PluginManager\",\"decision\":\"deny\""));
    }

    /**
     * Issue 21: the latencies of each interval are taken by the console's sampler alone; a plugin
     * that could find them would empty what the latency charts draw.
     */
    @Test
    public void sandboxPluginCannotFindTheIntervalLatenciesOfTheConsolesSampler() throws Exception {
        PluginInfo probe = plugins.install(property("prsm.sample.serviceProbe"));
        String type = "io.prsm.runtime.metrics.IntervalLatencies";
        assertTrue("the platform offers it", context.getServiceReferences(type, null) != null);
        assertEquals(null, context.getBundle(probe.bundleId()).getBundleContext().getServiceReferences(type, null));
        assertFalse(auditLines("service-probe", "find " + type).isEmpty());
    }

    /** Declarative Services looks Configuration Admin up on every plugin's context: not the plugin asking. */
    @Test
    public void componentRuntimeLookupOfConfigurationAdminIsNotReportedAsThePlugins() throws Exception {
        plugins.install(property("prsm.sample.serviceProbe"));
        assertTrue(execute("service-probe", "peek", Map.of()).success());
        assertEquals(List.of(), auditLines("service-probe", "find org.osgi.service.cm.ConfigurationAdmin"));
        assertFalse("its declared reference is still the plugin asking",
                auditLines("service-probe", "find io.prsm.api.runtime.PluginManager").isEmpty());
    }

    @Test
    public void pluginCodeLookingUpConfigurationAdminByNameIsHiddenAndAudited() throws Exception {
        Path policyFile = Path.of(context.getProperty("prsm.storage"), "policy.json");
        try {
            Files.writeString(policyFile, "{\"levels\":{\"sandbox\":{\"packages\":[\"io.prsm.api.*\",\"org.osgi.framework\"]}}}");
            shell("prsm:policy reload");
            plugins.install(property("prsm.sample.configAdminSeeker"));
            assertEquals(List.of(), auditLines("config-admin-seeker", "find org.osgi.service.cm.ConfigurationAdmin"));

            io.prsm.api.PluginResponse response = execute("config-admin-seeker", "seek", Map.of());
            assertTrue(response.error(), response.success());
            assertEquals(Map.of("configuration_admin_found", false), response.data());
            assertFalse(auditLines("config-admin-seeker", "find org.osgi.service.cm.ConfigurationAdmin").isEmpty());
        } finally {
            Files.deleteIfExists(policyFile);
            shell("prsm:policy reload");
        }
    }

    private List<String> auditLines(String plugin, String deniedRequest) throws Exception {
        return auditLog().lines()
                .filter(line -> line.contains("\"plugin\":\"" + plugin + "\""))
                .filter(line -> line.contains("\"request\":\"" + deniedRequest + "\",\"decision\":\"deny\""))
                .toList();
    }

    @Test
    public void permissionGrantedByAReloadedPolicyLetsARefusedPluginIn() throws Exception {
        Path policyFile = Path.of(context.getProperty("prsm.storage"), "policy.json");
        try {
            Files.writeString(policyFile, "{\"levels\":{\"sandbox\":{\"grantable\":[\"read_analytics_data\"]}}}");
            assertTrue(shell("prsm:policy reload").startsWith("Policy revision"));
            String refused = assertThrows(PluginOperationException.class, () -> plugins.install(analyticsJar()))
                    .getMessage();
            assertTrue(refused, refused.contains("(prsm.permission=write_dashboard_config)"));
            assertTrue(refused, refused.contains("prsm:start analytics-dashboard"));
            assertTrue(auditLog().contains("\"request\":\"permission write_dashboard_config\",\"decision\":\"deny\""));
            PluginInfo waiting = plugins.info("analytics-dashboard");
            assertEquals("it stays, unresolved, waiting for the grant", PluginState.INSTALLED, waiting.state());
            assertTrue(waiting.lastError(), waiting.lastError().contains("write_dashboard_config"));

            Files.writeString(policyFile, "{\"levels\":{\"sandbox\":{\"grantable\":[\"read_analytics_data\","
                    + "\"write_dashboard_config\"]}}}");
            shell("prsm:policy reload");
            assertEquals(PluginState.ACTIVE, plugins.start("analytics-dashboard").state());
            assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        } finally {
            Files.deleteIfExists(policyFile);
            shell("prsm:policy reload");
        }
    }

    @Test
    public void malformedPolicyIsRefusedAndThePolicyInForceKept() throws Exception {
        Path policyFile = Path.of(context.getProperty("prsm.storage"), "policy.json");
        try {
            String before = shell("prsm:policy");
            Files.writeString(policyFile, "{\"permissions\": [");
            Exception refused = assertThrows(Exception.class, () -> shell("prsm:policy reload"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("not valid JSON"));
            assertEquals(before, shell("prsm:policy"));
        } finally {
            Files.deleteIfExists(policyFile);
            shell("prsm:policy reload");
        }
    }

    @Test
    public void grantedPermissionsAreAudited() throws Exception {
        PluginInfo analytics = plugins.install(analyticsJar());
        assertEquals(java.util.Set.of("read_analytics_data", "write_dashboard_config", "access_user_metrics"),
                analytics.grantedPermissions());
        assertTrue(auditLog().contains("\"request\":\"permission read_analytics_data\",\"decision\":\"grant\""));
    }
}
