package io.prsm.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

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

import io.prsm.sandbox.bytecode.AllocationWeaver;
import io.prsm.sandbox.bytecode.CheckpointWeaver;
import io.prsm.sandbox.entitlements.PluginCodeMarks;

/**
 * What the containment checks woven into untrusted code cost on CPU-bound work: the same classes
 * defined as the gatekeeper's weaving hook leaves them ({@code woven}) and as compiled
 * ({@code plain}), each in a class loader of its own. Two workloads: a tight numeric loop (a check
 * at every turn) and the text-classifier sample's training (maps, strings, calls). Nothing is
 * stopped meanwhile, as in normal running. Goal: woven ≤ 1.05× plain.
 *
 * <p>{@code -p checks=alternate} (not part of {@code benchmarks/run}) loads both and runs the woven
 * classes at even iterations (warm-up included) and the plain ones at odd iterations of one JVM, so
 * that a shared host's load hits both sides alike; split the JSON's raw data by parity (with an
 * even number of warm-up iterations the measured ones are woven, plain, woven...). Each iteration,
 * in every mode, also prints the benchmark thread's CPU time per operation ({@link CpuPerOperation}).
 *
 * <p>{@code -p entries=counted} (not part of {@code benchmarks/run}) weaves as prsm.jar does with
 * the entitlement agent: every method of plugin code counts its entry for the entitlement check,
 * on both sides (that is the agent's cost, not the checks'), and the woven side's entries check
 * and count in one call ({@code Checkpoint.enter}). Needs the agent loaded ({@code -javaagent}).
 *
 * <p>Concurrent semantics: one JMH state per trial; the loaders are built once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckpointBenchmark {

    private static final String CLASSIFIER_PACKAGE = "io/prsm/sample/classifier/";

    @Param({ "woven", "plain" })
    public String checks;

    /** {@code uncounted}: woven as without the entitlement agent; {@code counted}: as with it. */
    @Param({ "uncounted" })
    public String entries;

    private LongUnaryOperator loop;
    private Constructor<?> classifier;
    private List<?> examples;
    /** With {@code alternate}: the plain loop and classifier, and the woven ones, taken in turn. */
    private final LongUnaryOperator[] loops = new LongUnaryOperator[2];
    private final Constructor<?>[] classifiers = new Constructor<?>[2];
    private final List<?>[] exampleSets = new List<?>[2];
    private int iterations;
    private boolean woven;
    private final CpuPerOperation cpu = new CpuPerOperation();

    @Setup
    public void load() throws Exception {
        if (!checks.equals("alternate")) {
            load(checks.equals("woven"));
            return;
        }
        // each side trains on examples of its own classes
        load(false);
        loops[0] = loop;
        classifiers[0] = classifier;
        exampleSets[0] = examples;
        load(true);
        loops[1] = loop;
        classifiers[1] = classifier;
        exampleSets[1] = examples;
    }

    /** With {@code alternate}: woven at even iterations, plain at odd ones. */
    @Setup(Level.Iteration)
    public void alternate() {
        if (checks.equals("alternate")) {
            woven = iterations++ % 2 == 0;
            int side = woven ? 1 : 0;
            loop = loops[side];
            classifier = classifiers[side];
            examples = exampleSets[side];
        }
        cpu.start();
    }

    /** The CPU time per operation of the iteration that ended (a shared host's load inflates the wall-clock score). */
    @TearDown(Level.Iteration)
    public void cpuPerOperation() {
        cpu.end(!checks.equals("alternate") ? checks : woven ? "woven" : "plain");
    }

    /** The bundle id the checks name: any, no stop is raised while measuring. */
    private static final long BUNDLE_ID = 42;

    private void load(boolean woven) throws Exception {
        // woven as untrusted code runs: the stop checks, each naming its bundle (as the gatekeeper weaves them
        // without the agent), then the memory check before each array allocation
        boolean counted = entries.equals("counted");
        UnaryOperator<byte[]> contain = woven
                ? bytes -> new AllocationWeaver().weave(new CheckpointWeaver().weave(bytes, BUNDLE_ID, counted))
                : UnaryOperator.identity();
        // with the agent the entitlement hook weaves after the scanning hook, into all plugin code
        UnaryOperator<byte[]> define = counted
                ? bytes -> PluginCodeMarks.mark(contain.apply(bytes), "java/lang/PrsmPluginCode", BUNDLE_ID)
                : contain;
        Map<String, byte[]> own = new ConcurrentHashMap<>();
        try (InputStream in = NumericLoop.class.getResourceAsStream("NumericLoop.class")) {
            own.put(NumericLoop.class.getName(), in.readAllBytes());
        }
        try (JarFile jar = new JarFile(textClassifierJar().toFile())) {
            for (ZipEntry entry : jar.stream().toList()) {
                if (entry.getName().startsWith(CLASSIFIER_PACKAGE) && entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String name = entry.getName().substring(0, entry.getName().length() - 6).replace('/', '.');
                        own.put(name, in.readAllBytes());
                    }
                }
            }
            ClassLoader loader = new OwnClasses(own, define);
            loop = (LongUnaryOperator) loader.loadClass(NumericLoop.class.getName()).getConstructor().newInstance();
            Class<?> trainingData = loader.loadClass("io.prsm.sample.classifier.TrainingData");
            Method read = trainingData.getDeclaredMethod("read", InputStream.class);
            read.setAccessible(true);
            try (InputStream in = jar.getInputStream(jar.getEntry(CLASSIFIER_PACKAGE + "training.tsv"))) {
                examples = (List<?>) read.invoke(null, in);
            }
            classifier = loader.loadClass("io.prsm.sample.classifier.NaiveBayes").getDeclaredConstructor(List.class,
                    double.class);
            classifier.setAccessible(true);
        }
    }

    @Benchmark
    public long tightNumericLoop() {
        cpu.ops++;
        return loop.applyAsLong(100_000);
    }

    @Benchmark
    public Object textClassifierTraining() throws Exception {
        cpu.ops++;
        return classifier.newInstance(examples, 1.0);
    }

    private static Path textClassifierJar() throws IOException {
        String samples = System.getProperty("prsm.samples");
        if (samples == null) {
            throw new IllegalStateException("Set -Dprsm.samples to sample-plugins/target/plugins (benchmarks/run does)");
        }
        try (Stream<Path> jars = Files.list(Path.of(samples))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("text-classifier")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No text-classifier jar in " + samples));
        }
    }

    /** Defines the given classes itself, through {@code define}; everything else comes from its parent. */
    private static final class OwnClasses extends ClassLoader {
        private final Map<String, byte[]> own;
        private final UnaryOperator<byte[]> define;

        OwnClasses(Map<String, byte[]> own, UnaryOperator<byte[]> define) {
            super(CheckpointBenchmark.class.getClassLoader());
            this.own = own;
            this.define = define;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            byte[] bytes = own.get(name);
            if (bytes == null) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] defined = define.apply(bytes);
                    loaded = defineClass(name, defined, 0, defined.length);
                }
                return loaded;
            }
        }
    }
}
