package io.prsm.sandbox.resolve;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.policy.PolicyParser;

public class GatekeeperResolverHookTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    private final PolicyHolder policy = new PolicyHolder(PolicyParser.defaults());
    private final Map<Long, String> refused = new java.util.HashMap<>();
    private final GatekeeperResolverHookFactory factory = new GatekeeperResolverHookFactory(policy, audit::add,
            bundleId -> Optional.ofNullable(refused.get(bundleId)), new io.prsm.sandbox.classify.BundleClassifier(policy));

    private final BundleRevision api = Fakes.revision("io.prsm.api", 10, null);
    private final BundleRevision jackson = Fakes.revision("com.fasterxml.jackson.core.jackson-databind", 11, null);
    private final BundleRevision configAdmin = Fakes.revision("org.apache.felix.configadmin", 12, null);
    private final BundleRevision runtime = Fakes.revision("io.prsm.runtime", 13, null);

    private static BundleCapability exported(BundleRevision provider, String packageName) {
        return Fakes.capability(provider, "osgi.wiring.package", Map.of("osgi.wiring.package", packageName));
    }

    private static BundleCapability permission(BundleRevision provider, String name) {
        return Fakes.capability(provider, "prsm.permission", Map.of("prsm.permission", name));
    }

    /** Runs one filterMatches in a fresh resolve and returns the candidates that survived. */
    private List<BundleCapability> filter(BundleRevision requirer, String namespace, BundleCapability... offered) {
        ResolverHook hook = factory.begin(List.of(requirer));
        List<BundleCapability> candidates = new ArrayList<>(List.of(offered));
        hook.filterMatches(Fakes.requirement(requirer, namespace), candidates);
        hook.end();
        return candidates;
    }

    private boolean audited(boolean allowed, String request, String reasonFragment) {
        return audit.stream().anyMatch(e -> e.allowed() == allowed && e.request().equals(request)
                && e.reason().contains(reasonFragment));
    }

    @Test
    public void infrastructureBundlesAreNotTouched() {
        BundleCapability cm = exported(configAdmin, "org.osgi.service.cm");
        assertEquals(List.of(cm), filter(runtime, "osgi.wiring.package", cm));
        assertTrue(audit.isEmpty());
    }

    @Test
    public void sandboxPluginWiresToTheApiAndJacksonButNotToConfigurationAdmin() {
        BundleRevision plugin = Fakes.plugin("dash", 20, "sandbox");
        BundleCapability apiPackage = exported(api, "io.prsm.api");
        BundleCapability json = exported(jackson, "com.fasterxml.jackson.databind");
        BundleCapability cm = exported(configAdmin, "org.osgi.service.cm");
        assertEquals(List.of(apiPackage), filter(plugin, "osgi.wiring.package", apiPackage, cm));
        assertEquals(List.of(json), filter(plugin, "osgi.wiring.package", json));
        assertTrue(audit.toString(), audited(false, "wire org.osgi.service.cm", "never available to untrusted"));
    }

    @Test
    public void noPluginNotEvenATrustedOneWiresToTheContractBetweenRuntimeAndGatekeeper() throws Exception {
        java.nio.file.Path file = folder.newFile("policy.json").toPath();
        java.nio.file.Files.writeString(file, "{\"trusted\": {\"tools\": \"\"}}");
        policy.load(file);
        BundleCapability contract = exported(api, "io.prsm.platform");
        BundleCapability apiPackage = exported(api, "io.prsm.api");
        for (BundleRevision plugin : List.of(Fakes.plugin("tools", 23, "trusted"), Fakes.plugin("dash", 20, "sandbox"))) {
            assertEquals(List.of(apiPackage), filter(plugin, "osgi.wiring.package", contract, apiPackage));
        }
        assertTrue(audit.toString(), audited(false, "wire io.prsm.platform", "no plugin may use it"));
        assertEquals("the platform itself wires to it", List.of(contract), filter(runtime, "osgi.wiring.package", contract));
    }

    @Test
    public void isolatedPluginMayNotUseJackson() {
        BundleRevision plugin = Fakes.plugin("calc", 21, "isolated");
        assertTrue(filter(plugin, "osgi.wiring.package", exported(jackson, "com.fasterxml.jackson.databind")).isEmpty());
        assertTrue(audited(false, "wire com.fasterxml.jackson.databind", "isolated plugins may not use package"));
    }

    @Test
    public void pluginCannotWireToAnotherPluginsPackagesButToItsOwn() {
        BundleRevision plugin = Fakes.plugin("dash", 20, "sandbox");
        BundleRevision other = Fakes.plugin("other", 22, "sandbox");
        BundleCapability theirs = exported(other, "io.example.other.internal");
        BundleCapability mine = exported(plugin, "io.example.dash.api");
        assertEquals(List.of(mine), filter(plugin, "osgi.wiring.package", theirs, mine));
        assertTrue(audited(false, "wire io.example.other.internal", "belongs to another plugin (other)"));
    }

    @Test
    public void permissionsAreWiredOnlyWhenThePolicyGrantsThem() {
        BundleRevision plugin = Fakes.plugin("dash", 20, "isolated");
        BundleCapability read = permission(runtime, "read_analytics_data");
        BundleCapability write = permission(runtime, "write_dashboard_config");
        assertEquals(List.of(read), filter(plugin, "prsm.permission", read));
        assertTrue(filter(plugin, "prsm.permission", write).isEmpty());
        assertTrue(audited(true, "permission read_analytics_data", "isolated plugins may be granted"));
        assertTrue(audited(false, "permission write_dashboard_config", "plugins.dash.grant"));
    }

    @Test
    public void trustedClaimWithoutThePolicysTrustLosesEveryCandidate() {
        BundleRevision plugin = Fakes.plugin("rogue", 23, "trusted");
        BundleCapability ee = Fakes.capability(api, "osgi.ee", Map.of("osgi.ee", "JavaSE"));
        assertTrue(filter(plugin, "osgi.ee", ee).isEmpty());
        assertTrue(filter(plugin, "osgi.wiring.package", exported(api, "io.prsm.api")).isEmpty());
        assertTrue(audit.toString(), audited(false, "resolve", "does not trust it"));
    }

    @Test
    public void pluginTrustedByThePolicyMayWireToAnything() throws Exception {
        Path file = folder.getRoot().toPath().resolve("policy.json");
        Files.writeString(file, "{\"trusted\":{\"hooks\":\"\"}}");
        assertTrue(policy.load(file).applied());
        BundleRevision plugin = Fakes.plugin("hooks", 24, "trusted");
        BundleCapability cm = exported(configAdmin, "org.osgi.service.cm");
        assertEquals(List.of(cm), filter(plugin, "osgi.wiring.package", cm));
    }

    @Test
    public void refusedPluginCannotResolve() {
        refused.put(25L, "bytecode: io.example.Evil.run()V uses java.lang.System.exit");
        BundleRevision plugin = Fakes.plugin("evil", 25, "sandbox");
        assertTrue(filter(plugin, "osgi.wiring.package", exported(api, "io.prsm.api")).isEmpty());
        assertTrue(audited(false, "resolve", "java.lang.System.exit"));
    }

    @Test
    public void unknownLevelIsRefused() {
        BundleRevision plugin = Fakes.plugin("odd", 26, "root");
        assertTrue(filter(plugin, "osgi.wiring.package", exported(api, "io.prsm.api")).isEmpty());
        assertTrue(audited(false, "resolve", "no known security level"));
    }

    @Test
    public void requireBundleAndFragmentsAreDeniedToUntrustedPlugins() {
        BundleRevision plugin = Fakes.plugin("dash", 20, "sandbox");
        BundleCapability host = Fakes.capability(runtime, "osgi.wiring.host", Map.of("osgi.wiring.host", "io.prsm.runtime"));
        assertTrue(filter(plugin, "osgi.wiring.host", host).isEmpty());
        BundleCapability bundle = Fakes.capability(runtime, "osgi.wiring.bundle",
                Map.of("osgi.wiring.bundle", "io.prsm.runtime"));
        assertTrue(filter(plugin, "osgi.wiring.bundle", bundle).isEmpty());
        assertTrue(audited(false, "Require-Bundle", "import packages instead"));
    }

    @Test
    public void oneResolveUsesOnePolicyEvenIfItChangesMeanwhile() throws Exception {
        BundleRevision plugin = Fakes.plugin("dash", 20, "isolated");
        ResolverHook hook = factory.begin(List.of(plugin));
        Path file = folder.getRoot().toPath().resolve("policy.json");
        Files.writeString(file, "{\"levels\":{\"isolated\":{\"grantable\":[\"write_dashboard_config\"]}}}");
        assertTrue(policy.load(file).applied());
        List<BundleCapability> candidates = new ArrayList<>(List.of(permission(runtime, "write_dashboard_config")));
        hook.filterMatches(Fakes.requirement(plugin, "prsm.permission"), candidates);
        assertTrue("the resolve that began before the change keeps the old policy", candidates.isEmpty());
        assertFalse("the next resolve sees the new policy",
                filter(plugin, "prsm.permission", permission(runtime, "write_dashboard_config")).isEmpty());
    }
}
