package io.prsm.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.bytecode.BytecodeScanner;
import io.prsm.sandbox.bytecode.AllowList;
import io.prsm.sandbox.bytecode.ScanReport;

/**
 * The gatekeeper's install-time scan of a real, large jar (Jackson databind, about 800 classes)
 * at the sandbox level, read entry by entry from the jar file as the framework's bundle cache
 * serves it, on as many threads as the machine has cores (what the gatekeeper does); the
 * {@code classes} counter gives classes scanned per second.
 */
@State(Scope.Benchmark)
public class BytecodeScanBenchmark {

    private final BytecodeScanner scanner = new BytecodeScanner(AllowList.standard());
    private final int parallelism = Runtime.getRuntime().availableProcessors();
    private ExecutorService scanThreads;
    private ZipFile jar;
    private List<String> entries;
    private int classes;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Scanned {
        public long classes;

        @Setup(Level.Iteration)
        public void reset() {
            classes = 0;
        }
    }

    @Setup(Level.Trial)
    public void openJar() throws Exception {
        File location = new File(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar = new ZipFile(location);
        entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toList());
        classes = scanner.scanEntries(entries, this::read, SecurityLevel.SANDBOX, Runnable::run, 1).classesScanned();
        scanThreads = Executors.newFixedThreadPool(parallelism);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        scanThreads.shutdownNow();
        jar.close();
    }

    private byte[] read(String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    /**
     * The floor under the scan: only reading (inflating) the same classes, on the same threads.
     * No scan of a jar can be faster than reading it.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long readJar(Scanned scanned) throws Exception {
        int chunks = parallelism;
        int size = (entries.size() + chunks - 1) / chunks;
        List<Future<Long>> parts = new ArrayList<>();
        for (int chunk = 0; chunk < chunks; chunk++) {
            List<String> part = entries.subList(Math.min(entries.size(), chunk * size),
                    Math.min(entries.size(), (chunk + 1) * size));
            parts.add(scanThreads.submit(() -> {
                long bytes = 0;
                for (String entry : part) {
                    if (entry.endsWith(".class")) {
                        bytes += read(entry).length;
                    }
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (Future<Long> part : parts) {
            bytes += part.get();
        }
        scanned.classes += classes;
        return bytes;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ScanReport scanJar(Scanned scanned) throws IOException {
        ScanReport report = scanner.scanEntries(entries, this::read, SecurityLevel.SANDBOX, scanThreads, parallelism);
        scanned.classes += classes;
        return report;
    }
}
