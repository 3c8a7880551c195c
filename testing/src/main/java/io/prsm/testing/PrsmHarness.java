package io.prsm.testing;

import java.nio.file.Path;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * The harness as a JUnit 4 rule: a {@code @Rule} field gives each test its own runtime, a
 * {@code @ClassRule} field one runtime for the whole class (faster; the tests then share the
 * plugin's state).
 *
 * <pre>
 * &#64;ClassRule
 * public static PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")));
 *
 * &#64;Test
 * public void dashboardNeedsAnalyticsRead() throws Exception {
 *     prsm.fireHook("user_login", Map.of("user_id", "u1"));
 *     assertEquals(403, prsm.get("/api/v1/analytics/dashboard").status());
 *     assertEquals(200, prsm.get("/api/v1/analytics/dashboard", "analytics_read").status());
 * }
 * </pre>
 *
 * <p>Concurrent semantics: not thread-safe; one test thread drives it.
 */
public final class PrsmHarness extends PluginHarness<PrsmHarness> implements TestRule {

    private PrsmHarness(Path pluginJar) {
        super(pluginJar);
    }

    /** A harness that installs and starts {@code pluginJar} before each test (or the class, as a class rule). */
    public static PrsmHarness forPlugin(Path pluginJar) {
        return new PrsmHarness(pluginJar);
    }

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    start();
                    base.evaluate();
                } finally {
                    stop();
                }
            }
        };
    }
}
