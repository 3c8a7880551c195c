package io.prsm.embedding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.SwapReport;
import io.prsm.runtime.embed.Distribution;
import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.embed.StorageFolders;
import io.prsm.sample.host.Greeting;

/**
 * The embedding API as a plain Java application uses it: the runtime's bundles from prsm.jar,
 * plugins installed, run and swapped through the typed PluginManager, a host service offered to
 * plugins as the policy allows.
 */
public class EmbeddingIT {

    private static final String GREETING_POLICY = """
            {
              "permissions": ["read_analytics_data", "use_greeting"],
              "levels": { "sandbox": { "grantable": ["read_analytics_data"],
                                       "packages": ["io.prsm.api.*", "io.prsm.sample.host"] } }%s
            }
            """;

    private Path work;
    private Distribution distribution;

    @Before
    public void setUp() throws IOException {
        Path root = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage"));
        Files.createDirectories(root);
        work = Files.createTempDirectory(root, "embedding-");
        distribution = Distribution.fromJar(Path.of(System.getProperty("prsm.jar")));
    }

    @After
    public void tearDown() throws IOException {
        StorageFolders.delete(work);
    }

    /**
     * This test's class path has SLF4J with a provider, as most applications' do: the runtime must
     * still log through its own SLF4J bundles, not fall back to discarding every line.
     */
    @Test
    public void theRuntimeLogsThroughItsOwnSlf4jBesideTheApplications() throws Exception {
        Object application = org.slf4j.LoggerFactory.getILoggerFactory();
        assertFalse("the application has an SLF4J provider of its own: " + application.getClass().getName(),
                application.getClass().getName().contains("NOP"));
        try (PrsmRuntime prsm = PrsmRuntime.builder(work.resolve("storage")).distribution(distribution).start()) {
            org.osgi.framework.Bundle slf4j = null;
            for (org.osgi.framework.Bundle bundle : prsm.bundleContext().getBundles()) {
                if ("slf4j.api".equals(bundle.getSymbolicName())) {
                    slf4j = bundle;
                }
            }
            assertTrue("the distribution has its own SLF4J", slf4j != null);
            Object factory = slf4j.loadClass("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
            assertEquals("the runtime logs through its Logback bundle", "ch.qos.logback.classic.LoggerContext",
                    factory.getClass().getName());
            assertFalse("the runtime's provider is its own bundle's, not the application's",
                    factory.getClass().getClassLoader() == application.getClass().getClassLoader());
        }
    }

    @Test
    public void installsExecutesSwapsAndKeepsPluginsAcrossRestarts() throws Exception {
        Path storage = work.resolve("storage");
        try (PrsmRuntime prsm = PrsmRuntime.builder(storage).distribution(distribution).start()) {
            PluginInfo analytics = prsm.install(jar("prsm.sample.analytics"));
            // this JVM started without -javaagent: the builder attached the entitlement agent, which is
            // why a sandbox plugin may run at all
            assertTrue("the builder attached the entitlement agent", io.prsm.bridge.Entitlements.agentLoaded());
            assertEquals(PluginState.ACTIVE, analytics.state());
            PluginResponse metrics = prsm.execute(analytics.pluginId(),
                    new Task("get_metrics", Map.of("types", List.of("system"))));
            assertTrue(metrics.error(), metrics.success());
            // the response is the application's own type: the API classes are shared, not copied
            assertSame(PluginResponse.class, metrics.getClass());
            Map<?, ?> system = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) metrics.data()).get("metrics")).get("system");
            assertTrue(system.toString(), ((Number) system.get("available_processors")).intValue() >= 1);

            prsm.install(jar("prsm.sample.wordStats1"));
            assertTrue(prsm.execute("word-stats", new Task("count", Map.of("text", "one two two"))).success());
            SwapReport swap = prsm.swap("word-stats", jar("prsm.sample.wordStats2"));
            assertEquals("1.0.0", swap.oldVersion());
            assertEquals("2.0.0", swap.newVersion());
            assertTrue(swap.stateCarried());
            Map<?, ?> stats = (Map<?, ?>) prsm.execute("word-stats", new Task("stats", Map.of())).data();
            assertEquals("2.0.0", stats.get("version"));
            assertEquals(3L, ((Number) stats.get("total_words")).longValue());
        }
        try (PrsmRuntime again = PrsmRuntime.builder(storage).distribution(distribution).start()) {
            assertEquals(List.of("analytics-dashboard", "word-stats"),
                    again.plugins().list().stream().map(PluginInfo::pluginId).sorted().toList());
            assertEquals("2.0.0", again.plugins().info("word-stats").version());
            assertEquals(PluginState.ACTIVE, again.plugins().info("word-stats").state());
        }
    }

    @Test
    public void aSecondRuntimeOnTheSameStorageIsRefused() throws Exception {
        Path storage = work.resolve("shared");
        try (PrsmRuntime first = PrsmRuntime.builder(storage).distribution(distribution).start()) {
            IOException refused = assertThrows(IOException.class,
                    () -> PrsmRuntime.builder(storage).distribution(distribution).start());
            assertTrue(refused.getMessage(), refused.getMessage().contains(storage.toString()));
            // the first runtime is untouched by the refused one
            assertTrue(first.plugins().list().isEmpty());
        }
    }

    @Test
    public void aMissingPolicyFileIsNamedAndTheStorageStaysFree() throws Exception {
        Path storage = work.resolve("no-policy");
        Path missing = work.resolve("nowhere/policy.json");
        NoSuchFileException refused = assertThrows(NoSuchFileException.class,
                () -> PrsmRuntime.builder(storage).distribution(distribution).policy(missing).start());
        assertEquals(missing.toString(), refused.getFile());
        try (PrsmRuntime prsm = PrsmRuntime.builder(storage).distribution(distribution).start()) {
            assertTrue(prsm.plugins().list().isEmpty());
        }
    }

    @Test
    public void aHostServiceOfferedToEveryPluginReachesOneThePolicyLetsWireToItsPackage() throws Exception {
        Path policy = policy("");
        Greeting greeting = name -> "Hello, " + name + ", from the host";
        try (PrsmRuntime prsm = PrsmRuntime.builder(work.resolve("offered")).distribution(distribution).policy(policy)
                .hostService(Greeting.class, greeting).start()) {
            prsm.install(jar("prsm.sample.hostGreeting"));
            PluginResponse answer = prsm.execute("host-greeting", new Task("greet", Map.of("name", "Ada")));
            assertTrue(answer.error(), answer.success());
            assertEquals(Map.of("greeting", "Hello, Ada, from the host"), answer.data());
        }
    }

    @Test
    public void aPluginMayNotWireToAHostPackageThePolicyDoesNotList() throws Exception {
        Greeting greeting = name -> "Hello, " + name;
        try (PrsmRuntime prsm = PrsmRuntime.builder(work.resolve("unlisted")).distribution(distribution)
                .hostService(Greeting.class, greeting).start()) {
            PluginOperationException refused = assertThrows(PluginOperationException.class,
                    () -> prsm.install(jar("prsm.sample.hostGreeting")));
            assertTrue(refused.getMessage(), refused.getMessage().contains("io.prsm.sample.host"));
            assertTrue(prsm.plugins().list().isEmpty());
        }
    }

    @Test
    public void aHostServiceBehindAPermissionReachesOnlyAPluginHoldingIt() throws Exception {
        Greeting greeting = name -> "Hello, " + name;
        Path withoutGrant = policy("");
        try (PrsmRuntime prsm = PrsmRuntime.builder(work.resolve("not-granted")).distribution(distribution)
                .policy(withoutGrant).hostService(Greeting.class, greeting, "use_greeting").start()) {
            prsm.install(jar("prsm.sample.hostGreeting"));
            PluginResponse answer = prsm.execute("host-greeting", new Task("greet", Map.of("name", "Ada")));
            assertFalse(answer.success());
            assertEquals("NO_GREETING", answer.errorCode());
        }
        Path withGrant = policy(",\n  \"plugins\": { \"host-greeting\": { \"grant\": [\"use_greeting\"] } }");
        try (PrsmRuntime prsm = PrsmRuntime.builder(work.resolve("granted")).distribution(distribution)
                .policy(withGrant).hostService(Greeting.class, greeting, "use_greeting").start()) {
            prsm.install(jar("prsm.sample.hostGreeting"));
            PluginResponse answer = prsm.execute("host-greeting", new Task("greet", Map.of("name", "Ada")));
            assertTrue(answer.error(), answer.success());
            assertEquals(Map.of("greeting", "Hello, Ada"), answer.data());
        }
    }

    private Path policy(String more) throws IOException {
        Path file = Files.createTempFile(work, "policy-", ".json");
        Files.writeString(file, GREETING_POLICY.formatted(more));
        return file;
    }

    private static Path jar(String property) {
        return Path.of(System.getProperty(property));
    }
}
