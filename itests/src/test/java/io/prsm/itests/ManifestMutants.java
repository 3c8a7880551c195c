package io.prsm.itests;

import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ops4j.pax.exam.Option;

import io.prsm.limits.fuzz.Fuzz;
import io.prsm.limits.fuzz.Jars;
import io.prsm.limits.fuzz.Mutations;

/**
 * Writes the analytics sample with seeded mutations of its manifest (repeated headers, versions
 * out of range, broken clauses, ...) to a folder, before the framework starts: the fuzz helpers
 * live on the test class path, not in the framework. The framework learns the folder and the
 * seed through {@code prsm.itest.mutants} and {@code prsm.itest.seed}.
 */
final class ManifestMutants {

    private ManifestMutants() {
    }

    static Option[] write(String testName, int count) {
        Fuzz fuzz = Fuzz.of(testName);
        try {
            Path folder = RuntimeOptions.freshStorage(testName + "-mutants");
            Map<String, byte[]> sample = Jars.entries(Files.readAllBytes(Path.of(PrsmTestSupport.property(
                    "prsm.sample.analytics"))));
            String manifest = new String(sample.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
            for (int i = 0, cases = fuzz.cases(count); i < cases; i++) {
                Map<String, byte[]> mutant = new LinkedHashMap<>(sample);
                mutant.put("META-INF/MANIFEST.MF", Mutations.manifest(manifest, fuzz).getBytes(StandardCharsets.UTF_8));
                Files.write(folder.resolve(String.format("mutant-%04d.jar", i)), Jars.write(mutant));
            }
            return new Option[] { frameworkProperty("prsm.itest.mutants").value(folder.toString()),
                frameworkProperty("prsm.itest.seed").value(fuzz.replay()) };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
