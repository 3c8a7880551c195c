package io.prsm.testing;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The harness as a JUnit 5 extension. Registered on a {@code static} field it runs one runtime
 * for the whole class; on an instance field, one per test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static PrsmExtension prsm = PrsmExtension.forPlugin(Path.of(System.getProperty("plugin.jar")));
 *
 * &#64;Test
 * void convertsThroughTheRuntime() throws Exception {
 *     JsonNode answer = prsm.execute("convert", Map.of("value", 10, "from", "km", "to", "mi"));
 *     assertTrue(answer.get("success").asBoolean());
 * }
 * </pre>
 *
 * <p>Concurrent semantics: not thread-safe; run the class's tests on one thread (JUnit's default).
 */
public final class PrsmExtension extends PluginHarness<PrsmExtension>
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** Whether the runtime lives for the class (static registration) rather than for one test. */
    private boolean perClass;

    private PrsmExtension(Path pluginJar) {
        super(pluginJar);
    }

    /** An extension that installs and starts {@code pluginJar} in a real runtime. */
    public static PrsmExtension forPlugin(Path pluginJar) {
        return new PrsmExtension(pluginJar);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        startOrStop();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            startOrStop();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /** Starts the runtime; a start that fails half-way leaves nothing running behind it. */
    private void startOrStop() throws Exception {
        try {
            start();
        } catch (Exception | Error failed) {
            try {
                stop();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }
}
