package io.prsm.sandbox.services;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.http.EndpointPaths;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.policy.PolicyParser;

public class ServiceOriginsTest {

    private final List<AuditEvent> audit = new ArrayList<>();
    private final ServiceOrigins origins = new ServiceOrigins(
            new PluginViews(new BundleClassifier(new PolicyHolder(PolicyParser.defaults()))), audit::add,
            new EndpointPaths());
    private long nextServiceId = 100;

    @Test
    public void thePlatformsServicesAreThePlatforms() {
        Bundle runtime = bundle(3, null, List.of());
        assertTrue(origins.visibleToOthers(service(runtime, Map.of(), "io.prsm.api.PluginStorage")));
        assertTrue(audit.isEmpty());
    }

    @Test
    public void aPluginsServiceOfAPlatformTypeIsSeenByNobodyElseAndAudited() {
        Bundle plugin = bundle(20, plugin("thief", "sandbox"), List.of());
        assertFalse(origins.visibleToOthers(service(plugin, Map.of(), "io.prsm.api.PluginStorage")));
        assertFalse(origins.visibleToOthers(service(plugin, Map.of(), "io.prsm.api.Plugin",
                "io.prsm.platform.PluginVerifier")));
        assertEquals(2, audit.size());
        assertTrue(audit.get(0).reason(), audit.get(0).reason().contains("only the platform offers io.prsm.api.PluginStorage"));
        Bundle trusted = bundle(21, plugin("tools", "trusted"), List.of());
        assertFalse("not even a trusted plugin's", origins.visibleToOthers(service(trusted, Map.of(),
                "io.prsm.api.runtime.PluginManager")));
    }

    @Test
    public void anUntrustedPluginOffersOnlyPluginContractsAndItsOwnClassesAndNoCommands() {
        Bundle plugin = bundle(22, plugin("dash", "sandbox"), List.of("io/example/dash/Api.class"));
        assertTrue(origins.visibleToOthers(service(plugin, Map.of(), "io.prsm.api.Plugin", "io.prsm.api.hooks.HookHandler")));
        assertTrue(origins.visibleToOthers(service(plugin, Map.of(), "io.example.dash.Api")));
        assertFalse(origins.visibleToOthers(service(plugin, Map.of(), "org.osgi.service.event.EventHandler")));
        assertFalse(origins.visibleToOthers(service(plugin, Map.of("osgi.command.scope", "prsm"), "io.example.dash.Api")));
        Bundle unknown = bundle(23, plugin("odd", "root"), List.of("io/example/odd/Api.class"));
        assertFalse("an unknown level offers nothing", origins.visibleToOthers(service(unknown, Map.of(),
                "io.example.odd.Api")));
    }

    @Test
    public void anEndpointPathBelongsToTheFirstPluginThatMayServeIt() {
        Bundle first = bundle(24, plugin("advanced-analytics", "sandbox"), List.of(), "/api/v1/analytics/dashboard");
        Bundle second = bundle(25, plugin("squatter", "sandbox"), List.of(), "/api/v1/analytics/dashboard");
        ServiceReference<?> served = endpoint(first, "/api/v1/analytics/dashboard");
        assertTrue(origins.visibleToOthers(served));
        assertTrue(origins.visibleToOthers(endpoint(first, "/api/v1/advanced-analytics/report")));
        assertFalse(origins.visibleToOthers(endpoint(second, "/api/v1/analytics/dashboard")));
        assertTrue(audit.get(audit.size() - 1).reason(), audit.get(audit.size() - 1).reason().contains(
                "already served by plugin advanced-analytics (bundle 24); plugin squatter (bundle 25) may not serve it too"));
        assertFalse(origins.visibleToOthers(endpoint(second, "/api/v1/console")));
        assertTrue(origins.visibleToOthers(endpoint(second, "/api/v1/squatter/x")));
        origins.forget(served);
        assertTrue("a freed path may be taken", origins.visibleToOthers(endpoint(second, "/api/v1/analytics/dashboard")));
    }

    private ServiceReference<?> endpoint(Bundle bundle, String path) {
        return service(bundle, Map.of("prsm.endpoint.path", path, "prsm.endpoint.permission", "x"),
                "io.prsm.api.http.Endpoint");
    }

    private ServiceReference<?> service(Bundle bundle, Map<String, Object> properties, String... classes) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("objectClass", classes);
        all.put("service.id", nextServiceId++);
        return proxy(ServiceReference.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getProperty" -> all.get(args[0]);
            default -> null;
        });
    }

    private static Map<String, Object> plugin(String id, String level) {
        return Map.of("prsm.plugin", id, "security.level", level);
    }

    private static Bundle bundle(long id, Map<String, Object> plugin, List<String> entries, String... endpoints) {
        BundleRevision[] revision = new BundleRevision[1];
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> id;
            case "getSymbolicName" -> "io.example.b" + id;
            case "getSignerCertificates" -> Map.of();
            case "adapt" -> args[0] == BundleRevision.class ? revision[0] : null;
            case "getEntry" -> entries.contains(args[0]) ? ServiceOriginsTest.class.getResource("ServiceOriginsTest.class")
                    : null;
            default -> null;
        });
        revision[0] = proxy(BundleRevision.class, (method, args) -> switch (method) {
            case "getBundle" -> bundle;
            case "getDeclaredCapabilities" -> {
                if ("prsm.plugin".equals(args[0])) {
                    yield plugin == null ? List.of() : List.of(capability(plugin));
                }
                if ("prsm.endpoint".equals(args[0])) {
                    List<BundleCapability> declared = new ArrayList<>();
                    for (String path : endpoints) {
                        declared.add(capability(Map.of("prsm.endpoint", path)));
                    }
                    yield declared;
                }
                yield List.of();
            }
            default -> null;
        });
        return bundle;
    }

    private static BundleCapability capability(Map<String, Object> attributes) {
        return proxy(BundleCapability.class, (method, args) -> "getAttributes".equals(method) ? attributes : null);
    }

    interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(ServiceOriginsTest.class.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> type.getSimpleName();
                    default -> answers.answer(method.getName(), args);
                }));
    }
}
