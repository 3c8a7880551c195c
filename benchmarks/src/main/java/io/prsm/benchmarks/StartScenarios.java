package io.prsm.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.prsm.runtime.embed.StorageFolders;

/**
 * Whole-process start-up figures, measured as interleaved A/B runs of {@link StartProbe} (the
 * order alternates each round, so drift on a shared host hits both sides alike): cold start with
 * extra bundles against bare Felix with the same non-PRSM bundles, and warm start of sandbox
 * plugins (scanned) against the same plugins trusted (not scanned).
 *
 * <p>Concurrent semantics: single-threaded.
 */
final class StartScenarios {

    private static final int[] SIZES = { 16, 100, 1000 };
    private static final int WARM_PLUGINS = 20;
    private static final int CLASSES_PER_PLUGIN = 150;

    private final Path work;
    private final int runs;

    StartScenarios(Path work, int runs) {
        this.work = work;
        this.runs = runs;
    }

    List<ResultRow> coldStart() throws Exception {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<Integer, Path> libraries = new LinkedHashMap<>();
        for (int size : SIZES) {
            libraries.put(size, BenchBundles.libraries(work.resolve("libraries-" + size), size));
        }
        for (int round = 0; round < runs; round++) {
            for (int size : SIZES) {
                String[] order = round % 2 == 0 ? new String[] { "bare", "prsm" } : new String[] { "prsm", "bare" };
                for (String mode : order) {
                    Path storage = Files.createTempDirectory(work, "cold-");
                    try {
                        times.computeIfAbsent(mode + size, key -> new ArrayList<>())
                                .add(timeToReady(mode, storage, libraries.get(size), null));
                    } finally {
                        StorageFolders.delete(storage);
                    }
                }
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int size : SIZES) {
            Samples bare = new Samples(times.get("bare" + size));
            Samples prsm = new Samples(times.get("prsm" + size));
            rows.add(new ResultRow("cold start to shell-ready, " + size + " extra bundles, median (p90)",
                    Samples.millis(bare.median()) + " (" + Samples.millis(bare.percentile(90)) + ")",
                    Samples.millis(prsm.median()) + " (" + Samples.millis(prsm.percentile(90)) + ")",
                    Samples.ratio(prsm.median(), bare.median()), "<= 1.10x",
                    prsm.median() <= 1.10 * bare.median()));
        }
        double bareSlope = slope(times, "bare");
        double prsmSlope = slope(times, "prsm");
        rows.add(new ResultRow("cold start per extra bundle (slope 16 -> 1000)",
                String.format(Locale.ROOT, "%.2f ms", bareSlope), String.format(Locale.ROOT, "%.2f ms", prsmSlope),
                Samples.ratio(prsmSlope, bareSlope), "same slope (<= 1.10x)", prsmSlope <= 1.10 * bareSlope));
        return rows;
    }

    /**
     * Cold start of PRSM with 16 extra bundles, with the entitlement agent loaded at JVM start (as
     * prsm.jar does) against the same without any agent: what the agent costs at start (instrumenting
     * and retransforming the JDK's sink classes, defining the bridge, weaving plugin code).
     */
    List<ResultRow> agentStart() throws Exception {
        Path libraries = BenchBundles.libraries(work.resolve("libraries-agent"), SIZES[0]);
        List<Double> with = new ArrayList<>();
        List<Double> without = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            String[] order = round % 2 == 0 ? new String[] { "prsm", "prsm-noagent" }
                    : new String[] { "prsm-noagent", "prsm" };
            for (String mode : order) {
                Path storage = Files.createTempDirectory(work, "agent-");
                try {
                    (mode.equals("prsm") ? with : without).add(timeToReady(mode, storage, libraries, null));
                } finally {
                    StorageFolders.delete(storage);
                }
            }
        }
        Samples agent = new Samples(with);
        Samples none = new Samples(without);
        return List.of(new ResultRow("cold start to shell-ready, " + SIZES[0] + " extra bundles, entitlement agent vs "
                + "none, median (p90)", Samples.millis(none.median()) + " (" + Samples.millis(none.percentile(90)) + ")",
                Samples.millis(agent.median()) + " (" + Samples.millis(agent.percentile(90)) + ")",
                Samples.ratio(agent.median(), none.median()), "<= 1.05x", agent.median() <= 1.05 * none.median()));
    }

    private static double slope(Map<String, List<Double>> times, String mode) {
        double small = new Samples(times.get(mode + SIZES[0])).median();
        double large = new Samples(times.get(mode + SIZES[SIZES.length - 1])).median();
        return (large - small) / (SIZES[SIZES.length - 1] - SIZES[0]);
    }

    /**
     * Warm start (bundle cache in place) of {@value #WARM_PLUGINS} plugins of
     * {@value #CLASSES_PER_PLUGIN} classes each: sandbox plugins, whose code the gatekeeper
     * vouches for, against the same plugins declared trusted, which it does not scan; and the
     * sandbox plugins with the gatekeeper's kept verdicts removed, which scans them all again.
     */
    List<ResultRow> warmStart() throws Exception {
        Path sandbox = work.resolve("warm-sandbox");
        Path trusted = work.resolve("warm-trusted");
        StringBuilder trust = new StringBuilder("{\"trusted\": {");
        for (int i = 0; i < WARM_PLUGINS; i++) {
            BenchBundles.plugin(sandbox.resolve("plugins"), "warm-" + i, "sandbox", CLASSES_PER_PLUGIN);
            BenchBundles.plugin(trusted.resolve("plugins"), "warm-" + i, "trusted", CLASSES_PER_PLUGIN);
            trust.append(i == 0 ? "" : ", ").append('"').append("warm-").append(i).append("\": \"\"");
        }
        Files.createDirectories(trusted.resolve("storage"));
        Files.writeString(trusted.resolve("storage/policy.json"), trust.append("}}").toString());
        Files.createDirectories(sandbox.resolve("storage"));
        // the first start installs the plugins; every later one is warm
        timeToReady("prsm", sandbox.resolve("storage"), null, sandbox.resolve("plugins"));
        timeToReady("prsm", trusted.resolve("storage"), null, trusted.resolve("plugins"));
        List<Double> scanned = new ArrayList<>();
        List<Double> unscanned = new ArrayList<>();
        List<Double> rescanned = new ArrayList<>();
        for (int round = 0; round < runs; round++) {
            for (int side = 0; side < 3; side++) {
                switch ((side + round) % 3) {
                    case 0 -> scanned.add(timeToReady("prsm", sandbox.resolve("storage"), null, sandbox.resolve("plugins")));
                    case 1 -> unscanned.add(timeToReady("prsm", trusted.resolve("storage"), null,
                            trusted.resolve("plugins")));
                    default -> {
                        forgetVerdicts(sandbox.resolve("storage"));
                        rescanned.add(timeToReady("prsm", sandbox.resolve("storage"), null, sandbox.resolve("plugins")));
                    }
                }
            }
        }
        Samples with = new Samples(scanned);
        Samples without = new Samples(unscanned);
        Samples again = new Samples(rescanned);
        String plugins = WARM_PLUGINS + " plugins x " + CLASSES_PER_PLUGIN + " classes";
        return List.of(new ResultRow("warm start, " + plugins + ", sandbox vs trusted (not scanned), median (p90)",
                Samples.millis(without.median()) + " (" + Samples.millis(without.percentile(90)) + ")",
                Samples.millis(with.median()) + " (" + Samples.millis(with.percentile(90)) + ")",
                Samples.ratio(with.median(), without.median()), "<= 1.02x", with.median() <= 1.02 * without.median()),
                new ResultRow("warm start, " + plugins + ", verdicts kept vs all code scanned again, median",
                        Samples.millis(again.median()), Samples.millis(with.median()),
                        Samples.ratio(with.median(), again.median()), "< 1x (nothing rescanned)",
                        with.median() < again.median()));
    }

    /** Removes the gatekeeper's kept verdicts, so the next start scans every plugin as before they were kept. */
    private static void forgetVerdicts(Path storage) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(storage.resolve("framework"))) {
            for (Path verdicts : files.filter(file -> file.getFileName().toString().equals("scan-verdicts.json"))
                    .toList()) {
                Files.delete(verdicts);
            }
        }
    }

    /**
     * An executable jar that runs {@link StartProbe} on this JVM's class path, started with
     * {@code -jar} on every side. PRSM's side loads the entitlement agent as prsm.jar does, through
     * its manifest's {@code Launcher-Agent-Class}: {@code -javaagent} would cost more than the agent
     * (the JVM then adds {@code java.instrument} as a root module, which turns off class-data
     * sharing's archived module graph, about 40 ms more CPU before main); embedders who use it pay
     * that, which docs/embedding.md says.
     */
    private Path launcher(boolean agent) throws IOException {
        Path jar = work.resolve(agent ? "start-probe-agent.jar" : "start-probe.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, StartProbe.class.getName());
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.append(classPath.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
        }
        main.put(Attributes.Name.CLASS_PATH, classPath.toString());
        if (agent) {
            main.putValue("Launcher-Agent-Class", io.prsm.agent.EntitlementAgent.class.getName());
            main.putValue("Can-Retransform-Classes", "true");
            main.putValue("Can-Redefine-Classes", "true");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    /** Milliseconds from launching a {@link StartProbe} process to its {@code READY} line. */
    private double timeToReady(String mode, Path storage, Path extraBundles, Path plugins) throws Exception {
        Path log = Files.createTempFile(work, "probe-", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dprsm.distribution=" + System.getProperty("prsm.distribution"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-jar", launcher(mode.equals("prsm")).toString(), mode, storage.toString(),
                extraBundles == null ? "-" : extraBundles.toString(), plugins == null ? "-" : plugins.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        boolean ready = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("READY")) {
                    ready = true;
                    break;
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (!ready) {
                throw new IllegalStateException(mode + " start probe ended without becoming ready: "
                        + Files.readString(log));
            }
            out.transferTo(java.io.Writer.nullWriter());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(mode + " start probe did not stop: " + Files.readString(log));
            }
            Files.delete(log);
            return millis;
        } catch (IOException | RuntimeException | InterruptedException failed) {
            process.destroyForcibly();
            throw failed;
        }
    }
}
