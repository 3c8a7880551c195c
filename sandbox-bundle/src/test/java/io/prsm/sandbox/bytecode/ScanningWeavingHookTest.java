package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.bytecode.fixtures.ExitsTheJvm;
import io.prsm.sandbox.bytecode.fixtures.Finalizes;
import io.prsm.sandbox.bytecode.fixtures.OwnChannel;
import io.prsm.sandbox.bytecode.fixtures.WellBehaved;

public class ScanningWeavingHookTest {

    private final List<AuditEvent> audit = new ArrayList<>();
    private final ScanningWeavingHook hook = new ScanningWeavingHook(new BytecodeScanner(AllowList.standard()),
            audit::add, new io.prsm.sandbox.classify.BundleClassifier(new io.prsm.sandbox.policy.PolicyHolder(
                    new io.prsm.sandbox.policy.PolicyParser().parse("{\"trusted\":{\"woven\":\"\"}}").policy())));

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1)
                + ".class")) {
            return in.readAllBytes();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(ScanningWeavingHookTest.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> type.getSimpleName();
                    default -> answers.get(method.getName());
                });
    }

    /** A class being defined in a bundle that declares (or not) a plugin at {@code level}. */
    private static WovenClass woven(Class<?> type, String level) throws IOException {
        Bundle bundle = proxy(Bundle.class, Map.of("getBundleId", 31L));
        List<BundleCapability> plugin = new ArrayList<>();
        BundleRevision revision = proxy(BundleRevision.class, Map.of("getDeclaredCapabilities", plugin,
                "getSymbolicName", "io.example.plugin"));
        if (level != null) {
            plugin.add(proxy(BundleCapability.class, Map.of("getAttributes",
                    Map.of("prsm.plugin", "woven", "security.level", level))));
        }
        BundleWiring wiring = proxy(BundleWiring.class, Map.of("getRevision", revision, "getBundle", bundle));
        return proxy(WovenClass.class, Map.of("getBundleWiring", wiring, "getBytes", bytes(type), "getClassName",
                type.getName(), "getDynamicImports", new ArrayList<String>()));
    }

    @Test
    public void forbiddenClassOfASandboxPluginIsNotDefined() throws IOException {
        WeavingException refused = assertThrows(WeavingException.class,
                () -> hook.weave(woven(ExitsTheJvm.class, "sandbox")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("uses java.lang.System.exit"));
        assertEquals(1, audit.size());
        assertEquals("woven", audit.get(0).plugin());
        assertEquals(31, audit.get(0).bundle());
    }

    @Test
    public void ordinaryClassesTrustedPluginsAndInfrastructurePass() throws IOException {
        hook.weave(woven(WellBehaved.class, "isolated"));
        hook.weave(woven(ExitsTheJvm.class, "trusted"));
        hook.weave(woven(ExitsTheJvm.class, null));
        assertTrue(audit.isEmpty());
    }

    @Test
    public void aPluginClaimingTrustTheDefaultPolicyDoesNotGiveDefinesNoClass() throws IOException {
        ScanningWeavingHook strict = new ScanningWeavingHook(new BytecodeScanner(AllowList.standard()), audit::add,
                new io.prsm.sandbox.classify.BundleClassifier(new io.prsm.sandbox.policy.PolicyHolder(
                        io.prsm.sandbox.policy.PolicyParser.defaults())));
        WeavingException refused = assertThrows(WeavingException.class,
                () -> strict.weave(woven(WellBehaved.class, "trusted")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("no known level the policy accepts"));
        assertEquals(1, audit.size());
    }

    /** The hook with the scan in report mode: what it finds is audited, not refused. */
    private ScanningWeavingHook reporting() {
        return new ScanningWeavingHook(new BytecodeScanner(AllowList.standard()), audit::add,
                new io.prsm.sandbox.classify.BundleClassifier(new io.prsm.sandbox.policy.PolicyHolder(
                        new io.prsm.sandbox.policy.PolicyParser().parse("{\"trusted\":{\"woven\":\"\"}}")
                                .policy())), ScanMode.REPORT);
    }

    @Test
    public void finalizeOfAnUntrustedClassIsRefusedOrWhereTheScanOnlyReportsNeutralisedAndAuditedOnce()
            throws IOException {
        WeavingException refused = assertThrows(WeavingException.class,
                () -> hook.weave(woven(Finalizes.class, "sandbox")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("java.lang.Object.finalize (overridden)"));
        audit.clear();
        reporting().weave(woven(Finalizes.class, "sandbox"));
        List<AuditEvent> containment = audit.stream().filter(event -> event.layer().equals("containment")).toList();
        assertEquals(1, containment.size());
        AuditEvent neutralised = containment.get(0);
        assertEquals("woven", neutralised.plugin());
        assertEquals(Finalizes.class.getName() + ".finalize()", neutralised.request());
        assertTrue(neutralised.toString(), neutralised.toString().contains("finalize() will not run"));
    }

    @Test
    public void aChannelOfThePluginsOwnIsRefusedAndAuditedEvenWhenTheScanOnlyReports() throws IOException {
        WeavingException refused = assertThrows(WeavingException.class,
                () -> reporting().weave(woven(OwnChannel.class, "sandbox")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("extends java.nio.channels.spi."
                + "AbstractInterruptibleChannel"));
        AuditEvent last = audit.get(audit.size() - 1);
        assertEquals(OwnChannel.class.getName(), last.request());
        assertTrue(last.toString(), last.toString().contains("class definition refused"));
    }
}
