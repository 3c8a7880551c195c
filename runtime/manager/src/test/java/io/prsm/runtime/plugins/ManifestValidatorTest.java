package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Version;

public class ManifestValidatorTest {

    private static final String VALID_CAPABILITY = "prsm.plugin;prsm.plugin=analytics-dashboard;"
            + "version:Version=\"1.0.0\";type=analytics;security.level=sandbox;"
            + "capabilities:List<String>=\"data_visualization,export_functionality\";"
            + "memory:Long=268435456;cpu:Double=\"0.25\";storage:Long=52428800";
    private static final String VALID_REQUIREMENTS = "prsm.permission;filter:=\"(prsm.permission=read_analytics_data)\","
            + "prsm.permission;filter:=\"(prsm.permission=admin_access)\";resolution:=optional,"
            + "prsm.runtime;filter:=\"(version>=1.0.0)\"";

    private final ManifestValidator validator = new ManifestValidator(new Version(1, 0, 0));

    private static Map<String, String> headers(String capability, String requirements) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Bundle-SymbolicName", "io.example.analytics;singleton:=true");
        headers.put("Bundle-Name", "Analytics Dashboard Plugin");
        headers.put("Bundle-Description", "Dashboards");
        if (capability != null) {
            headers.put("Provide-Capability", capability);
        }
        if (requirements != null) {
            headers.put("Require-Capability", requirements);
        }
        return headers;
    }

    private ManifestCheck check(String capability) {
        return validator.check(headers(capability, VALID_REQUIREMENTS));
    }

    private static void assertProblem(ManifestCheck check, String expectedFragment) {
        assertFalse("expected a problem mentioning " + expectedFragment, check.valid());
        assertTrue("no problem mentions '" + expectedFragment + "': " + check.problems(),
                check.problems().stream().anyMatch(problem -> problem.contains(expectedFragment)));
    }

    @Test
    public void validManifestIsReadCompletely() {
        ManifestCheck check = check(VALID_CAPABILITY);
        assertTrue(check.problems().toString(), check.valid());
        PluginDescriptor d = check.descriptor();
        assertEquals("io.example.analytics", d.symbolicName());
        assertEquals("analytics-dashboard", d.pluginId());
        assertEquals("1.0.0", d.version());
        assertEquals("analytics", d.type());
        assertEquals("sandbox", d.securityLevel());
        assertEquals(List.of("data_visualization", "export_functionality"), d.capabilities());
        assertEquals(List.of("read_analytics_data"), d.requiredPermissions());
        assertEquals(List.of("admin_access"), d.optionalPermissions());
        assertEquals(268435456L, d.memory());
        assertEquals(0.25, d.cpu(), 0);
        assertEquals(52428800L, d.storage());
        assertEquals("Analytics Dashboard Plugin", d.name());
    }

    @Test
    public void twoPartVersionIsRefusedNamingTheField() {
        ManifestCheck check = check(VALID_CAPABILITY.replace("\"1.0.0\"", "\"1.0\""));
        assertProblem(check, "Field 'version': '1.0'");
        assertEquals("the bad value is kept for the operator", "1.0", check.descriptor().version());
    }

    @Test
    public void versionWithQualifierIsRefused() {
        assertProblem(check(VALID_CAPABILITY.replace("\"1.0.0\"", "1.0.0.SNAPSHOT")), "Field 'version'");
    }

    @Test
    public void unknownTypeIsRefusedListingTheKnownOnes() {
        ManifestCheck check = check(VALID_CAPABILITY.replace("type=analytics", "type=spaceship"));
        assertProblem(check, "Field 'type': 'spaceship'");
        assertProblem(check, "ai_model, data_processor, integration, analytics, utility");
    }

    @Test
    public void unknownSecurityLevelIsRefused() {
        assertProblem(check(VALID_CAPABILITY.replace("security.level=sandbox", "security.level=root")),
                "Field 'security.level': 'root'");
    }

    @Test
    public void malformedPluginIdIsRefused() {
        assertProblem(check(VALID_CAPABILITY.replace("=analytics-dashboard", "=Analytics_Dashboard")),
                "Plugin id 'Analytics_Dashboard' is malformed");
    }

    @Test
    public void malformedCapabilityNameIsRefused() {
        assertProblem(check(VALID_CAPABILITY.replace("export_functionality", "Export Functionality")),
                "Capability 'Export Functionality' is malformed");
    }

    @Test
    public void missingCapabilitiesAreRefused() {
        assertProblem(check(VALID_CAPABILITY.replace(
                "capabilities:List<String>=\"data_visualization,export_functionality\";", "")),
                "lists no capabilities");
    }

    @Test
    public void nonNumericResourceIsRefused() {
        assertProblem(check(VALID_CAPABILITY.replace("memory:Long=268435456", "memory=lots")), "Field 'memory'");
    }

    @Test
    public void everyProblemIsReportedNotJustTheFirst() {
        ManifestCheck check = check(VALID_CAPABILITY.replace("\"1.0.0\"", "\"1.0\"").replace("type=analytics",
                "type=spaceship"));
        assertEquals(check.problems().toString(), 2, check.problems().size());
    }

    @Test
    public void missingDefaultsAreFilledIn() {
        ManifestCheck check = check("prsm.plugin;prsm.plugin=tiny;version:Version=\"0.1.0\";type=utility;"
                + "security.level=isolated;capabilities:List<String>=echo");
        assertTrue(check.problems().toString(), check.valid());
        assertEquals(PluginDescriptor.DEFAULT_MEMORY, check.descriptor().memory());
        assertEquals(PluginDescriptor.DEFAULT_STORAGE, check.descriptor().storage());
    }

    @Test
    public void bundleWithoutPluginCapabilityIsNoPlugin() {
        Map<String, String> headers = headers("osgi.service;objectClass:List<String>=\"x.Y\"", null);
        assertFalse(ManifestValidator.declaresPlugin(headers));
        ManifestCheck check = validator.check(headers);
        assertNull(check.descriptor());
        assertProblem(check, "declares no prsm.plugin capability");
    }

    @Test
    public void twoPluginCapabilitiesAreRefused() {
        assertProblem(check(VALID_CAPABILITY + "," + VALID_CAPABILITY.replace("=analytics-dashboard", "=other")),
                "declares 2 prsm.plugin capabilities");
    }

    @Test
    public void malformedPermissionFilterIsRefused() {
        ManifestCheck check = validator.check(headers(VALID_CAPABILITY,
                "prsm.permission;filter:=\"(|(prsm.permission=a)(prsm.permission=b))\",prsm.runtime;filter:=\"(version>=1.0.0)\""));
        assertProblem(check, "must have the form (prsm.permission=NAME)");
    }

    @Test
    public void missingRuntimeRequirementIsRefused() {
        assertProblem(validator.check(headers(VALID_CAPABILITY, null)), "no prsm.runtime requirement");
    }

    @Test
    public void pluginNeedingNewerRuntimeIsRefused() {
        assertProblem(validator.check(headers(VALID_CAPABILITY, "prsm.runtime;filter:=\"(version>=2.0.0)\"")),
                "needs runtime (version>=2.0.0)");
    }

    @Test
    public void jarWithoutSymbolicNameIsRefused() {
        Map<String, String> headers = headers(VALID_CAPABILITY, VALID_REQUIREMENTS);
        headers.remove("Bundle-SymbolicName");
        assertProblem(validator.check(headers), "no Bundle-SymbolicName");
    }

    @Test
    public void unparseableHeaderIsReportedNotThrown() {
        ManifestCheck check = check("prsm.plugin;prsm.plugin=\"unterminated");
        assertFalse(check.valid());
        assertNotNull(check.problems().get(0));
    }
}
