package io.prsm.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Service lookups from 10 sandbox plugins among 1,000 services (a third offered to every plugin,
 * a third needing a permission half the plugins hold, a third hidden), with the gatekeeper in
 * force and with it installed but stopped (its hooks unregistered); and a call through a service
 * the gatekeeper let a plugin get, against a direct call of the same object.
 */
@State(Scope.Benchmark)
public class ServiceLookupBenchmark {

    static final int SERVICES = 1000;
    static final int PLUGINS = 10;

    @Param({ "on", "off" })
    public String gatekeeper;

    private RunningRuntime runtime;
    private final List<BundleContext> plugins = new ArrayList<>();
    private int next;
    private IntSupplier direct;
    private IntSupplier throughService;

    @Setup(Level.Trial)
    public void start() throws Exception {
        runtime = RunningRuntime.start();
        BundleContext system = runtime.context();
        for (int i = 0; i < SERVICES; i++) {
            Hashtable<String, Object> properties = new Hashtable<>();
            switch (i % 3) {
                case 0 -> properties.put("prsm.offered", Boolean.TRUE);
                case 1 -> properties.put("prsm.permission", "read_analytics_data");
                default -> {
                    // platform-only: hidden from sandbox plugins
                }
            }
            int value = i;
            system.registerService(Runnable.class, () -> Math.abs(value), properties);
        }
        for (int i = 0; i < PLUGINS; i++) {
            String permission = i % 2 == 0 ? "read_analytics_data" : "write_dashboard_config";
            plugins.add(runtime.installProbePlugin(i, permission).getBundleContext());
        }
        Hashtable<String, Object> offered = new Hashtable<>();
        offered.put("prsm.offered", Boolean.TRUE);
        direct = new Counter();
        system.registerService(IntSupplier.class, direct, offered);
        BundleContext plugin = plugins.get(0);
        ServiceReference<IntSupplier> reference = plugin.getServiceReference(IntSupplier.class);
        throughService = plugin.getService(reference);
        if ("off".equals(gatekeeper)) {
            runtime.bundle("io.prsm.sandbox").stop();
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        runtime.close();
    }

    /** Counts its calls, so the JIT cannot fold a call into a constant. */
    static final class Counter implements IntSupplier {
        private int calls;

        @Override
        public int getAsInt() {
            return ++calls;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Collection<ServiceReference<Runnable>> lookup() throws Exception {
        BundleContext plugin = plugins.get(next++ % PLUGINS);
        return plugin.getServiceReferences(Runnable.class, null);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int callDirect() {
        return direct.getAsInt();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int callThroughService() {
        return throughService.getAsInt();
    }
}
