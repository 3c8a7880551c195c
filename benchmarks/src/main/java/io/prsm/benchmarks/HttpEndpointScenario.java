package io.prsm.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmHarness;

/**
 * A plugin's HTTP endpoint under loopback load from Java clients: requests with a bearer token
 * through the gatekeeper's servlet context, against the same servlet and endpoint behind a
 * context that checks nothing ({@link OpenApiContext}). Phases alternate A/B; each phase counts
 * the 200 answers of {@value #CLIENTS} clients in a closed loop.
 *
 * <p>Concurrent semantics: driven by one thread; the clients are its pool's.
 */
final class HttpEndpointScenario {

    private static final int CLIENTS = 8;
    private static final long PHASE_NANOS = 3_000_000_000L;
    private static final String PATH = "/api/v1/analytics/dashboard";

    private final int rounds;

    HttpEndpointScenario(int rounds) {
        this.rounds = rounds;
    }

    List<ResultRow> run() throws Exception {
        String samples = System.getProperty("prsm.samples");
        if (samples == null) {
            throw new IllegalStateException("Set -Dprsm.samples to sample-plugins/target/plugins (benchmarks/run does)");
        }
        List<Double> secured = new ArrayList<>();
        List<Double> open = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        PrsmHarness harness = PrsmHarness.forPlugin(Path.of(samples, "advanced-analytics.jar"));
        try {
            harness.start();
            measure(harness, clients, secured, open);
        } finally {
            try {
                harness.stop();
            } finally {
                clients.shutdownNow();
            }
        }
        Samples withCheck = new Samples(secured);
        Samples withoutCheck = new Samples(open);
        return List.of(new ResultRow("HTTP endpoint, 200 with a token, " + CLIENTS + " loopback clients, median",
                String.format(Locale.ROOT, "%.0f req/s", withoutCheck.median()),
                String.format(Locale.ROOT, "%.0f req/s", withCheck.median()),
                Samples.ratio(withCheck.median(), withoutCheck.median()), ">= 0.9x",
                withCheck.median() >= 0.9 * withoutCheck.median()));
    }

    private void measure(PrsmHarness harness, ExecutorService clients, List<Double> secured, List<Double> open)
            throws Exception {
        expect(harness.get(PATH, OpenApiContext.PERMISSION), 200);
        Bundle openContext = harness.bundleContext().installBundle("bench:open-api-context", openContextBundle());
        for (int round = 0; round < rounds; round++) {
            boolean securedFirst = round % 2 == 0;
            for (int phase = 0; phase < 2; phase++) {
                if ((phase == 0) == securedFirst) {
                    openContext.stop();
                    awaitAnonymous(harness, 401);
                    secured.add(load(clients, () -> harness.get(PATH, OpenApiContext.PERMISSION)));
                } else {
                    openContext.start();
                    awaitAnonymous(harness, 200);
                    open.add(load(clients, () -> harness.anonymous("GET", PATH)));
                }
            }
        }
    }

    /** Requests per second answered 200 by all clients in one phase; any other answer fails the run. */
    private static double load(ExecutorService clients, Callable<HttpAnswer> request) throws Exception {
        long end = System.nanoTime() + PHASE_NANOS;
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            counts.add(clients.submit(() -> {
                long answered = 0;
                while (System.nanoTime() < end) {
                    expect(request.call(), 200);
                    answered++;
                }
                return answered;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Waits until the whiteboard has moved the servlet to the context now in force: an anonymous
     * request is answered {@code status}. Each try is a real request, so this waits on the server.
     */
    private static void awaitAnonymous(PrsmHarness harness, int status) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (harness.anonymous("GET", PATH).status() != status) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The API did not switch to answering " + status + " within 30 s");
            }
        }
    }

    private static void expect(HttpAnswer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + answer.status() + ": " + answer.body());
        }
    }

    private static InputStream openContextBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "bench.open.api.context");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", OpenApiContext.class.getName());
        main.putValue("Import-Package", "org.osgi.framework,org.osgi.service.servlet.context,jakarta.servlet,"
                + "jakarta.servlet.http,io.prsm.api.runtime");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (String name : List.of(OpenApiContext.class.getSimpleName(), OpenApiContext.class.getSimpleName() + "$1")) {
                String entry = OpenApiContext.class.getPackageName().replace('.', '/') + "/" + name + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = OpenApiContext.class.getResourceAsStream(name + ".class")) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
