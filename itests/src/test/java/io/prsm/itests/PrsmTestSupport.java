package io.prsm.itests;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.osgi.framework.BundleContext;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;

/**
 * What every framework test uses inside the framework: the injected plugin manager, the sample
 * jars built by the reactor, and a way to run a task. The framework itself is set up by
 * {@link RuntimeOptions}.
 */
public abstract class PrsmTestSupport {

    /** Bounds a broken test; a passing one never waits this long. */
    protected static final long SAFETY_SECONDS = 30;

    @Inject
    protected BundleContext context;

    @Inject
    protected PluginManager plugins;

    @Inject
    protected CommandProcessor processor;

    /** Pax Exam keeps one framework per class: every test leaves no plugin behind. */
    @After
    public void uninstallEveryPlugin() throws Exception {
        for (PluginInfo plugin : plugins.list()) {
            plugins.uninstall(String.valueOf(plugin.bundleId()));
        }
    }

    /** Runs one Gogo command as an operator would and returns what it printed as its result. */
    protected String shell(String command) throws Exception {
        // not System.out/err: inside the framework Gogo has redirected those to its own thread streams, and
        // a command whose thread logs (to System.err) would write back into itself without end
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream sink = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), sink, sink);
        try {
            Object result = session.execute(command);
            return result == null ? "" : String.valueOf(session.format(result, 0));
        } finally {
            session.close();
        }
    }

    /** The gatekeeper's audit log as written so far. */
    protected String auditLog() throws Exception {
        return Files.readString(Path.of(context.getProperty("prsm.storage"), "audit", "audit.log"),
                StandardCharsets.UTF_8);
    }

    protected static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests with Maven");
        }
        return value;
    }

    protected static String analyticsJar() {
        return property("prsm.sample.analytics");
    }

    protected PluginResponse execute(String plugin, String type, Map<String, Object> config)
            throws Exception {
        return plugins.execute(plugin, new Task(type, config)).toCompletableFuture().get(SAFETY_SECONDS,
                TimeUnit.SECONDS);
    }
}
