package io.prsm.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.runtime.embed.Distribution;
import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.launcher.RuntimeShell;

/**
 * The child process of the start-up benchmarks: starts a framework from the distribution, with
 * or without PRSM's own bundles, waits until its shell is ready, prints {@code READY} and stops.
 * The parent ({@link StartScenarios}) times the process from launch to that line.
 *
 * <pre>StartProbe prsm|bare STORAGE EXTRA_BUNDLES|- PLUGINS|-</pre>
 *
 * <p>PRSM is ready when {@link RuntimeShell} is (shell, prsm commands, hot-deploy folder, plugins
 * settled); bare Felix when its Gogo command processor is registered.
 *
 * <p>Concurrent semantics: single-threaded command-line tool.
 */
public final class StartProbe {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private StartProbe() {
    }

    public static void main(String[] args) throws Exception {
        // prsm-noagent: PRSM without the entitlement agent (the agent's own cost at start)
        boolean prsm = args[0].startsWith("prsm");
        Path storage = Path.of(args[1]);
        Distribution distribution = Distribution.fromFolder(Path.of(System.getProperty("prsm.distribution")));
        if (!prsm) {
            distribution = distribution.without(bundle -> bundle.symbolicName().startsWith("io.prsm."));
        }
        if (!"-".equals(args[2])) {
            distribution = distribution.with(Distribution.fromFolder(Path.of(args[2])));
        }
        Path plugins = "-".equals(args[3]) ? null : Path.of(args[3]);
        // PRSM's processes load the agent at JVM start as prsm.jar does (Launcher-Agent-Class, see StartScenarios); the
        // baseline is the framework without PRSM, so without the agent and without attaching one
        PrsmRuntime.Builder builder = PrsmRuntime.builder(storage).distribution(distribution).readyTimeout(READY_TIMEOUT)
                .attachAgent("prsm".equals(args[0]));
        if (plugins != null) {
            builder.pluginsFolder(plugins);
        }
        PrsmRuntime runtime = builder.start();
        BundleContext context = runtime.bundleContext();
        if (prsm) {
            RuntimeShell.open(context, READY_TIMEOUT, new PrintStream(System.out), System.err).close();
        } else {
            ServiceTracker<Object, Object> shell = new ServiceTracker<>(context,
                    context.createFilter("(objectClass=org.apache.felix.service.command.CommandProcessor)"), null);
            shell.open();
            if (shell.waitForService(READY_TIMEOUT.toMillis()) == null) {
                throw new IllegalStateException("The Gogo shell did not start within " + READY_TIMEOUT);
            }
            shell.close();
        }
        System.out.println("READY");
        System.out.flush();
        runtime.close();
        System.exit(0);
    }
}
