package io.prsm.sandbox;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.policy.PolicyParser;

public class PlatformResolutionTest {

    private final BundleClassifier classifier = new BundleClassifier(new PolicyHolder(PolicyParser.defaults()));
    /** Every resolveBundles call the framework got, with the bundles it was asked for. */
    private final List<List<Bundle>> resolveCalls = new ArrayList<>();

    @Test
    public void theUnresolvedPlatformBundlesTheStartLevelStartsAreResolvedInOneOperation() {
        Bundle libraryA = bundle(1, Bundle.INSTALLED, true, null);
        Bundle libraryB = bundle(2, Bundle.INSTALLED, true, null);
        Bundle sandboxPlugin = bundle(3, Bundle.INSTALLED, true, Map.of("prsm.plugin", "p", "security.level", "sandbox"));
        Bundle trustedPlugin = bundle(4, Bundle.INSTALLED, true, Map.of("prsm.plugin", "t", "security.level", "trusted"));
        Bundle keptInstalled = bundle(5, Bundle.INSTALLED, false, null);
        Bundle alreadyActive = bundle(6, Bundle.ACTIVE, true, null);

        int asked = PlatformResolution.resolveTogether(context(libraryA, libraryB, sandboxPlugin, trustedPlugin,
                keptInstalled, alreadyActive), classifier);

        assertEquals(2, asked);
        assertEquals(List.of(List.of(libraryA, libraryB)), resolveCalls);
    }

    @Test
    public void pluginsAreLeftToResolveWhenTheyStartAfterThePluginManagerCame() {
        Bundle plugin = bundle(3, Bundle.INSTALLED, true, Map.of("prsm.plugin", "p", "security.level", "isolated"));
        Bundle unknownLevel = bundle(4, Bundle.INSTALLED, true, Map.of("prsm.plugin", "u", "security.level", "root"));

        PlatformResolution.resolveTogether(context(plugin, unknownLevel), classifier);

        assertEquals(List.of(), resolveCalls);
    }

    @Test
    public void aSingleUnresolvedBundleIsLeftToTheStartLevelWhichResolvesItInOneOperationAnyway() {
        int asked = PlatformResolution.resolveTogether(context(bundle(1, Bundle.INSTALLED, true, null)), classifier);

        assertEquals(1, asked);
        assertEquals(List.of(), resolveCalls);
    }

    private BundleContext context(Bundle... bundles) {
        FrameworkWiring wiring = proxy(FrameworkWiring.class, (method, args) -> {
            if ("resolveBundles".equals(method)) {
                @SuppressWarnings("unchecked")
                Collection<Bundle> asked = (Collection<Bundle>) args[0];
                resolveCalls.add(List.copyOf(asked));
                return true;
            }
            return null;
        });
        Bundle system = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> 0L;
            case "adapt" -> args[0] == FrameworkWiring.class ? wiring : null;
            default -> null;
        });
        return proxy(BundleContext.class, (method, args) -> switch (method) {
            case "getBundles" -> bundles;
            case "getBundle" -> args.length == 1 && Long.valueOf(0).equals(args[0]) ? system : null;
            default -> null;
        });
    }

    /** A bundle in {@code state}; {@code plugin} holds its prsm.plugin attributes, or null for the platform. */
    private static Bundle bundle(long id, int state, boolean persistentlyStarted, Map<String, Object> plugin) {
        BundleRevision[] revision = new BundleRevision[1];
        BundleStartLevel startLevel = proxy(BundleStartLevel.class,
                (method, args) -> "isPersistentlyStarted".equals(method) ? persistentlyStarted : null);
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> id;
            case "getState" -> state;
            case "getSymbolicName" -> "io.example.b" + id;
            case "getSignerCertificates" -> Map.of();
            case "adapt" -> args[0] == BundleRevision.class ? revision[0]
                    : args[0] == BundleStartLevel.class ? startLevel : null;
            default -> null;
        });
        revision[0] = proxy(BundleRevision.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getSymbolicName" -> "io.example.b" + id;
            case "getDeclaredCapabilities" -> plugin == null || !"prsm.plugin".equals(args[0]) ? List.of()
                    : List.of(proxy(BundleCapability.class, (m, a) -> "getAttributes".equals(m) ? plugin : null));
            default -> null;
        });
        return bundle;
    }

    private interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(PlatformResolutionTest.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> type.getSimpleName() + "@" + System.identityHashCode(proxy);
                    default -> answers.answer(method.getName(), args == null ? new Object[0] : args);
                }));
    }
}
