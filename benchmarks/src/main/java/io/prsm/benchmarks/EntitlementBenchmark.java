package io.prsm.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.prsm.api.Plugin;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.bridge.EntitlementChecker;
import io.prsm.bridge.Entitlements;

/**
 * What the entitlement check costs where the JDK acts, in a runtime whose JVM has the agent: open,
 * read and close a 4 KiB file from trusted code and from a sandbox plugin on its own data folder,
 * and a loopback socket connect, with the gatekeeper's checker installed ({@code on}) and with the
 * gatekeeper stopped, so every sink finds no checker and returns at once ({@code off}: the JDK as
 * if uninstrumented but for one volatile read).
 *
 * <p>The connect row opens a new connection each time (none is reused) to a server socket on the
 * loopback address that a daemon thread keeps accepting and closing; the client closes with an
 * immediate reset (linger 0), so no connection lingers in TIME_WAIT and the host's ephemeral ports
 * do not run out over millions of connects, which made the row's figures swing by more than the
 * effect. Each invocation makes {@value #CONNECTS} connects.
 *
 * <p>{@code -p gatekeeper=alternate} (not part of {@code benchmarks/run}) measures both sides in one
 * JVM: the gatekeeper's checker is taken out of the bridge before every odd iteration and put back
 * before every even one (warm-up included), so with an even number of warm-up iterations the
 * measured iterations are on, off, on, off... A shared host's load then hits both sides alike,
 * where two forks minutes apart may each meet another build; split the JSON's raw data by parity.
 * Each iteration also prints the benchmark thread's CPU time per operation ({@link CpuPerOperation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
public class EntitlementBenchmark {

    static final int CONNECTS = 16;

    @Param({ "on", "off" })
    public String gatekeeper;

    private RunningRuntime runtime;
    private Path trustedFile;
    private Plugin sandboxPlugin;
    private Task readOwnFile;
    private ServerSocket server;
    private InetSocketAddress serverAddress;
    private EntitlementChecker installed;
    private int iterations;
    private boolean checking;
    private final CpuPerOperation cpu = new CpuPerOperation();
    private Thread acceptor;

    @Setup(Level.Trial)
    public void start() throws Exception {
        // the allow-list keeps java.nio.file from sandbox plugins at install; the run-time check is what is measured
        runtime = RunningRuntime.start(Map.of("prsm.bytecode.scan", "report"));
        Path jar = BenchBundles.plugin(Files.createTempDirectory("prsm-bench-plugin-"), "file-reader", "sandbox", 0,
                "1.0.0", FileReadingPlugin.class);
        runtime.plugins().install(jar.toString());
        Bundle bundle = runtime.bundle("bench.plugin.file-reader");
        ServiceReference<Plugin> reference = bundle.getRegisteredServices() == null ? null
                : runtime.context().getServiceReferences(Plugin.class, null).stream()
                        .filter(candidate -> candidate.getBundle() == bundle).findFirst().orElse(null);
        if (reference == null) {
            throw new IllegalStateException("the file-reader plugin registered no Plugin service");
        }
        sandboxPlugin = runtime.context().getService(reference);
        Path data = runtime.storage().resolve("plugins").resolve("file-reader").resolve("data");
        Files.createDirectories(data);
        Path own = Files.write(data.resolve("four-kib"), new byte[4096]);
        readOwnFile = new Task("read", Map.of("path", own.toString()));
        trustedFile = Files.write(Files.createTempFile("prsm-bench-", ".bin"), new byte[4096]);
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        serverAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        acceptor = new Thread(this::acceptForever, "bench-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        if ("off".equals(gatekeeper)) {
            runtime.bundle("io.prsm.sandbox").stop();
        }
    }

    /** With {@code alternate}: the checker in force at even iterations, taken out at odd ones. */
    @Setup(Level.Iteration)
    public void alternate() throws ReflectiveOperationException {
        if (!"alternate".equals(gatekeeper)) {
            return;
        }
        if (installed == null) {
            // the bridge has no getter, by design; the benchmark is platform code on the class path
            java.lang.reflect.Field checker = Entitlements.class.getDeclaredField("checker");
            checker.setAccessible(true);
            installed = (EntitlementChecker) checker.get(null);
            if (installed == null) {
                throw new IllegalStateException("no entitlement checker in force: is the agent loaded?");
            }
        }
        checking = iterations++ % 2 == 0;
        if (checking) {
            Entitlements.install(installed);
        } else {
            Entitlements.uninstall(installed);
        }
        cpu.start();
    }

    /** With {@code alternate}: the CPU time per operation of the iteration that ended. */
    @TearDown(Level.Iteration)
    public void cpuPerOperation() {
        if ("alternate".equals(gatekeeper)) {
            cpu.end(checking ? "on" : "off");
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try (Socket accepted = server.accept()) {
                // accepted and closed: the client measures its connect
            } catch (IOException closed) {
                return;
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
        Files.deleteIfExists(trustedFile);
        runtime.close();
    }

    @Benchmark
    public int trustedReads4KiB() throws IOException {
        cpu.ops++;
        try (InputStream in = Files.newInputStream(trustedFile)) {
            return in.readAllBytes().length;
        }
    }

    @Benchmark
    public PluginResponse sandboxReads4KiBOfItsData() throws PluginException {
        cpu.ops++;
        return sandboxPlugin.execute(readOwnFile);
    }

    @Benchmark
    @OperationsPerInvocation(CONNECTS)
    public int loopbackConnect() throws IOException {
        cpu.ops += CONNECTS;
        int connected = 0;
        for (int i = 0; i < CONNECTS; i++) {
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0);
                socket.connect(serverAddress);
                connected += socket.isConnected() ? 1 : 0;
            }
        }
        return connected;
    }
}
