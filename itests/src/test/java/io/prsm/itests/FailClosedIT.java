package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

import io.prsm.api.PluginResponse;
import io.prsm.api.http.Endpoint;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * Issue 15: fail closed everywhere. Each attack of the issue (and each new kind of allow-list
 * refusal) is a hostile plugin in sample-bundles/hostile; each is refused, and the refusal is in
 * the audit log with the plugin's name.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailClosedIT extends PrsmTestSupport {

    /** Fixture, and what the refusal must say. */
    private static final String[][] REFUSED_BY_THE_ALLOW_LIST = {
                { "sets-jvm-defaults", "java.util.Locale.setDefault: changing a JVM-wide default" },
                { "uses-java-beans", "java.beans.Introspector.getBeanInfo: JavaBeans introspection" },
                { "configures-logging", "java.util.logging.LogManager.getLogManager: configuring the JVM's logging" },
                { "uses-method-handles", "java.lang.invoke.MethodHandles.publicLookup: method handles beyond what javac emits" },
                { "reads-a-system-property", "java.lang.System.getProperty: reading or changing system properties" },
                { "gets-a-class-loader", "java.lang.Class.getClassLoader" },
                { "uses-service-loader", "java.util.ServiceLoader.load: loading services behind the framework's back" },
                { "jackson-default-typing", "@JsonTypeInfo(use = CLASS): polymorphic typing by class name" },
                { "overrides-jackson-defaults", "com.fasterxml.jackson.core.StreamWriteConstraints.overrideDefaultStreamWriteConstraints: changing Jackson's process-wide defaults" },
                { "hides-a-dynamic-constant", "a dynamic constant (ConstantDynamic)" },
                { "reads-the-host-resources", "java.lang.Class.getResourceAsStream: reading resources through the loader of a class not the plugin's own" }
    };

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("fail-closed");
    }

    @Test
    public void everyNewAllowListRefusalNamesTheMissingEntryAndIsAudited() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String[] attack : REFUSED_BY_THE_ALLOW_LIST) {
            try {
                plugins.install(property("prsm.hostile." + attack[0]));
                failures.add(attack[0] + " was installed");
            } catch (PluginOperationException refused) {
                if (!refused.getMessage().contains("allow-list") && !refused.getMessage().contains("javac does not emit")) {
                    failures.add(attack[0] + ": refusal does not name the allow-list entry: " + refused.getMessage());
                }
            }
            // the refusal names the first violations; the audit log has every one, each with the plugin
            boolean audited = auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"" + attack[0] + "\"")
                    && line.contains(attack[1]));
            if (!audited) {
                failures.add(attack[0] + ": no audit entry says '" + attack[1] + "'");
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("no attack left anything installed", plugins.list().isEmpty());
    }

    @Test
    public void jacksonDefaultTypingIsRefusedInCodeAsInAnnotations() throws Exception {
        assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile.jackson-default-typing")));
        String audit = auditLog();
        assertTrue(audit, audit.contains("ObjectMapper.activateDefaultTyping: making objects of classes named by the input"));
        assertTrue(audit, audit.contains("@JsonTypeInfo(use = CLASS)"));
    }

    @Test
    public void aPluginStorageOfferedByAPluginReachesNoOtherPlugin() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.hijacks-storage")).state());
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        PluginResponse created = execute("analytics-dashboard", "create_dashboard", Map.of("name", "Secret plans",
                "widgets", List.of(Map.of("type", "counter", "data_source", "plugins.active"))));
        assertTrue(created.error(), created.success());

        assertEquals("the hijacker collected nothing", "[]", execute("hijacks-storage", "stolen", Map.of()).data());
        assertTrue(auditLog(), auditLog().contains("only the platform offers io.prsm.api.PluginStorage"));
        assertTrue(auditLog().contains("\"plugin\":\"hijacks-storage\""));
        for (ServiceReference<?> storage : context.getServiceReferences("io.prsm.api.PluginStorage", null)) {
            assertFalse("the platform sees no plugin's storage", storage.getBundle().getSymbolicName()
                    .equals("io.prsm.sample.hostile.storage"));
        }
    }

    @Test
    public void contractsOfThePlatformRegisteredByAPluginAreIgnoredByTheRuntimeAndTheGatekeeper() throws Exception {
        String location = property("prsm.hostile.hijacks-validator");
        Bundle hijacker = context.installBundle("behind:" + location, openJar(location));
        try {
            hijacker.start();
            assertNotNull("the component registered its counterfeit contracts", hijacker.getRegisteredServices());
            for (String contract : List.of("io.prsm.platform.PluginValidator", "io.prsm.platform.PluginVerifier")) {
                ServiceReference<?>[] seen = context.getServiceReferences(contract, null);
                assertNotNull(contract + " of the gatekeeper or the runtime", seen);
                for (ServiceReference<?> reference : seen) {
                    assertFalse(contract + " of the hijacker is visible",
                            reference.getBundle().getBundleId() == hijacker.getBundleId());
                }
            }
            assertTrue(auditLog(), auditLog().contains("only the platform offers io.prsm.platform.PluginValidator"));

            // later installs are still checked by the gatekeeper's own rules and scan
            String refused = assertThrows(PluginOperationException.class,
                    () -> plugins.install(property("prsm.hostile.writes-a-file"))).getMessage();
            assertTrue(refused, refused.contains("java.io.FileOutputStream.<init>: file system access"));
            assertFalse(refused, refused.contains("hijacks-validator"));
            assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        } finally {
            hijacker.uninstall();
        }
    }

    @Test
    public void aFreedPluginIdIsNotInheritedByAnotherBundleUntilTheOperatorPurgesIt() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        PluginResponse created = execute("analytics-dashboard", "create_dashboard", Map.of("name", "Board minutes",
                "widgets", List.of(Map.of("type", "counter", "data_source", "plugins.active"))));
        assertTrue(created.error(), created.success());
        shell("prsm:uninstall analytics-dashboard");

        String refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile.borrows-an-id"))).getMessage();
        assertTrue(refused, refused.contains("plugin id 'analytics-dashboard' belongs to bundle io.prsm.sample.analytics"));
        assertTrue(refused, refused.contains("prsm:data purge analytics-dashboard"));
        assertTrue(auditLog(), auditLog().contains("claim plugin id by bundle io.prsm.sample.hostile.borrowed"));

        // behind the manager's back it does not even resolve
        Bundle behindTheBack = context.installBundle("behind:" + property("prsm.hostile.borrows-an-id"),
                openJar(property("prsm.hostile.borrows-an-id")));
        try {
            assertThrows(BundleException.class, behindTheBack::start);
        } finally {
            behindTheBack.uninstall();
        }

        // following the refusal's advice works, and the newcomer finds nothing
        String purged = shell("prsm:data purge analytics-dashboard");
        assertTrue(purged, purged.contains("purged analytics-dashboard"));
        assertTrue(auditLog().contains("the operator purged"));
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.borrows-an-id")).state());
        assertEquals("the old data is gone", "[]", execute("analytics-dashboard", "keys", Map.of()).data());
    }

    @Test
    public void uninstallWithPurgeFreesTheIdAtOnce() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        String said = shell("prsm:uninstall --purge analytics-dashboard");
        assertTrue(said, said.contains("analytics-dashboard uninstalled; purged analytics-dashboard"));
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.borrows-an-id")).state());
        shell("prsm:uninstall --purge analytics-dashboard");
        String nothing = assertThrows(PluginOperationException.class, () -> plugins.purge("analytics-dashboard"))
                .getMessage();
        assertTrue(nothing, nothing.contains("Nothing is kept for plugin id 'analytics-dashboard'"));
    }

    @Test
    public void anEndpointPathBelongsToItsPlugin() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.sample.advancedAnalytics")).state());
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.squats-an-endpoint")).state());

        ServiceReference<?>[] dashboard = context.getServiceReferences(Endpoint.class.getName(),
                "(" + Endpoint.PATH + "=/api/v1/analytics/dashboard)");
        assertEquals("only the first plugin's endpoint is seen", 1, dashboard.length);
        assertEquals(plugins.info("advanced-analytics").bundleId(), dashboard[0].getBundle().getBundleId());
        assertEquals(null, context.getServiceReferences(Endpoint.class.getName(), "(" + Endpoint.PATH + "=/api/v1/console)"));
        String audit = auditLog();
        assertTrue(audit, audit.contains("endpoint path /api/v1/analytics/dashboard is already served by plugin "
                + "advanced-analytics"));
        assertTrue(audit, audit.contains("plugin squats-an-endpoint may serve only below /api/v1/squats-an-endpoint"));
    }

    @Test
    public void aPluginOfAnUnknownLevelIsRefusedNeverTreatedAsThePlatform() throws Exception {
        String refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile.unknown-level"))).getMessage();
        assertTrue(refused, refused.contains("root"));
        Bundle behindTheBack = context.installBundle("behind:" + property("prsm.hostile.unknown-level"),
                openJar(property("prsm.hostile.unknown-level")));
        try {
            assertThrows(BundleException.class, behindTheBack::start);
            assertTrue(auditLog(), auditLog().contains("\"plugin\":\"unknown-level\""));
        } finally {
            behindTheBack.uninstall();
        }
    }

    /** Plugin ids these tests bind to bundles are purged too, so each test starts with none bound. */
    @After
    @Override
    public void uninstallEveryPlugin() throws Exception {
        super.uninstallEveryPlugin();
        for (String pluginId : List.of("analytics-dashboard", "hijacks-storage", "advanced-analytics",
                "squats-an-endpoint")) {
            try {
                plugins.purge(pluginId);
            } catch (PluginOperationException nothingKept) {
                // this test did not use it
            }
        }
    }

    private static InputStream openJar(String path) throws Exception {
        return java.nio.file.Files.newInputStream(java.nio.file.Path.of(path));
    }
}
