package io.prsm.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.prsm.api.Plugin;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * What the entitlement check costs where the JDK acts, in a runtime whose JVM has the agent: open,
 * read and close a 4 KiB file from trusted code and from a sandbox plugin on its own data folder,
 * and a loopback socket connect, with the gatekeeper's checker installed ({@code on}) and with the
 * gatekeeper stopped, so every sink finds no checker and returns at once ({@code off}: the JDK as
 * if uninstrumented but for one volatile read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
public class EntitlementBenchmark {

    @Param({ "on", "off" })
    public String gatekeeper;

    private RunningRuntime runtime;
    private Path trustedFile;
    private Plugin sandboxPlugin;
    private Task readOwnFile;
    private ServerSocketChannel server;
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
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        acceptor = new Thread(this::acceptForever, "bench-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        if ("off".equals(gatekeeper)) {
            runtime.bundle("io.prsm.sandbox").stop();
        }
    }

    private void acceptForever() {
        while (server.isOpen()) {
            try (SocketChannel accepted = server.accept()) {
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
        try (InputStream in = Files.newInputStream(trustedFile)) {
            return in.readAllBytes().length;
        }
    }

    @Benchmark
    public PluginResponse sandboxReads4KiBOfItsData() throws PluginException {
        return sandboxPlugin.execute(readOwnFile);
    }

    @Benchmark
    public boolean loopbackConnect() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server.getLocalAddress());
            return socket.isConnected();
        }
    }
}
