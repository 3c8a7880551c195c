package io.prsm.sandbox.classify;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.policy.PolicyParser;

public class BundleClassifierTest {

    private final PolicyHolder policy = new PolicyHolder(PolicyParser.defaults());
    private final BundleClassifier classifier = new BundleClassifier(policy);
    private final AtomicInteger capabilityReads = new AtomicInteger();

    /** A bundle whose current revision declares {@code plugin} (null: no prsm.plugin capability). */
    private Bundle bundle(long id, Map<String, Object> plugin) {
        BundleRevision[] revision = new BundleRevision[1];
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> id;
            case "getSymbolicName" -> "io.example.b" + id;
            case "getSignerCertificates" -> Map.of();
            case "adapt" -> revision[0];
            default -> null;
        });
        revision[0] = proxy(BundleRevision.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getSymbolicName" -> "io.example.b" + id;
            case "getDeclaredCapabilities" -> {
                capabilityReads.incrementAndGet();
                if (plugin == null || !"prsm.plugin".equals(args[0])) {
                    yield List.of();
                }
                if (plugin.containsKey("broken")) {
                    throw new IllegalStateException("unreadable capability");
                }
                yield List.of(proxy(BundleCapability.class, (m, a) -> "getAttributes".equals(m) ? plugin : null));
            }
            default -> null;
        });
        return bundle;
    }

    private static Map<String, Object> plugin(String id, String level) {
        return Map.of("prsm.plugin", id, "security.level", level);
    }

    @Test
    public void bundlesWithoutAPluginCapabilityAndTheSystemBundleAreThePlatform() {
        assertEquals(Classification.PLATFORM, classifier.classify(bundle(0, plugin("x", "sandbox"))));
        assertEquals(Classification.PLATFORM, classifier.classify(bundle(5, null)));
    }

    @Test
    public void pluginsAreClassifiedByTheirLevel() {
        assertEquals(Classification.SANDBOX, classifier.classify(bundle(10, plugin("a", "sandbox"))));
        assertEquals(Classification.ISOLATED, classifier.classify(bundle(11, plugin("b", "isolated"))));
    }

    @Test
    public void unknownLevelsBrokenCapabilitiesAndMissingBundlesAreUnknownNeverThePlatform() {
        assertEquals(Classification.UNKNOWN, classifier.classify(bundle(12, plugin("c", "root"))));
        assertEquals(Classification.UNKNOWN, classifier.classify(bundle(13, Map.of("prsm.plugin", "d"))));
        assertEquals(Classification.UNKNOWN, classifier.classify(bundle(14, Map.of("broken", true))));
        assertEquals(Classification.UNKNOWN, classifier.classify((Bundle) null));
        assertEquals(java.util.Optional.of(io.prsm.api.SecurityLevel.ISOLATED), Classification.UNKNOWN.rulesLevel());
    }

    @Test
    public void trustIsThePolicysToGiveAndFollowsItsReload() throws Exception {
        Bundle trusted = bundle(15, plugin("local-tools", "trusted"));
        assertEquals("declaring trusted is not enough", Classification.UNKNOWN, classifier.classify(trusted));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("policy", ".json");
        try {
            java.nio.file.Files.writeString(file, "{\"trusted\": {\"local-tools\": \"\"}}");
            policy.load(file);
            assertEquals(Classification.TRUSTED_PLUGIN, classifier.classify(trusted));
            java.nio.file.Files.writeString(file, "{\"trusted\": {\"local-tools\": \"CN=Example Corp\"}}");
            policy.load(file);
            assertEquals("an unsigned jar when the policy names a signer", Classification.UNKNOWN,
                    classifier.classify(trusted));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    public void anAnswerIsKeptPerRevisionSoAskingAgainReadsNothing() {
        Bundle sandbox = bundle(16, plugin("e", "sandbox"));
        classifier.classify(sandbox);
        int reads = capabilityReads.get();
        for (int i = 0; i < 100; i++) {
            assertSame(Classification.SANDBOX, classifier.classify(sandbox));
        }
        assertEquals(reads, capabilityReads.get());
    }

    interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(BundleClassifierTest.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> type.getSimpleName();
                    default -> answers.answer(method.getName(), args);
                }));
    }
}
