package io.prsm.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.bytecode.BytecodeScanner;
import io.prsm.sandbox.bytecode.DenyList;
import io.prsm.sandbox.bytecode.ScanReport;

/**
 * The gatekeeper's install-time scan of a real, large jar (Jackson databind, about 800 classes)
 * at the sandbox level; the {@code classes} counter gives classes scanned per second.
 */
@State(Scope.Benchmark)
public class BytecodeScanBenchmark {

    private final BytecodeScanner scanner = new BytecodeScanner(DenyList.standard());
    private byte[] jar;
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
    public void readJar() throws Exception {
        Path location = Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar = Files.readAllBytes(location);
        classes = countClasses(jar);
    }

    private static int countClasses(byte[] jar) throws IOException {
        int count = 0;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    count++;
                }
            }
        }
        return count;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ScanReport scanJar(Scanned scanned) throws IOException {
        ScanReport report = scanner.scanJar(jar, SecurityLevel.SANDBOX);
        scanned.classes += classes;
        return report;
    }
}
