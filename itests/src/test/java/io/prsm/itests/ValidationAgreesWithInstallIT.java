package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.ValidationReport;

/**
 * {@code prsm:validate} against the framework itself (Felix, and Equinox in its own run): the
 * analytics sample with seeded mutations of its manifest is validated, then installed straight
 * into the framework. Whatever the framework refuses, validation must have reported first; the
 * seed is printed and is in every failure.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ValidationAgreesWithInstallIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(RuntimeOptions.forTest("validation")));
        options.addAll(List.of(ManifestMutants.write("ValidationAgreesWithInstallIT", 120)));
        return options.toArray(new Option[0]);
    }

    @Test
    public void whatTheFrameworkRefusesValidationReportsFirst() throws Exception {
        String seed = context.getProperty("prsm.itest.seed");
        List<Path> mutants;
        try (Stream<Path> files = Files.list(Path.of(context.getProperty("prsm.itest.mutants")))) {
            mutants = files.sorted().toList();
        }
        String original = manifest(Path.of(analyticsJar()));
        int refusedByTheFramework = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path mutant : mutants) {
            String verdict = validate(mutant);
            if (isFragment(manifest(mutant))) {
                // a framework extension would refresh the whole framework on uninstall: never installed here;
                // a plugin is never a fragment, so validation must refuse it
                if (verdict == null) {
                    disagreements.add(mutant.getFileName() + ": validation passed a fragment");
                }
                continue;
            }
            String refusal = install(mutant);
            if (refusal != null) {
                refusedByTheFramework++;
                if (verdict == null) {
                    disagreements.add(mutant.getFileName() + ": the framework refused it (" + refusal
                            + ") but validation passed it; its manifest differs in " + changed(original, manifest(mutant)));
                }
            }
        }
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " disagreements [" + seed + "]:\n" + String.join("\n", disagreements));
        }
        assertTrue("the mutations reach the framework's refusals [" + seed + "]", refusedByTheFramework > 0);
        assertEquals("no plugin is left installed", List.of(), plugins.list());
    }

    /** Validation's refusal in a line, or null when it found nothing wrong. */
    private String validate(Path jar) {
        try {
            ValidationReport report = plugins.validate(jar.toString());
            return report.valid() ? null : String.join("; ", report.problems());
        } catch (PluginOperationException refused) {
            return refused.getMessage();
        }
    }

    /** The framework's refusal, or null when it installed the jar (which is then uninstalled at once). */
    private String install(Path jar) throws Exception {
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle("mutant:" + jar.getFileName(), in);
        } catch (BundleException | RuntimeException refused) {
            return String.valueOf(refused.getMessage()) + (refused.getCause() == null ? "" : ": "
                    + refused.getCause().getMessage());
        }
        bundle.uninstall();
        return null;
    }

    /** Whether the main section has a Fragment-Host header (in any case, as the frameworks read it). */
    private static boolean isFragment(String manifest) {
        for (String line : manifest.split("\r?\n")) {
            if (line.isEmpty()) {
                return false;
            }
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("fragment-host:")) {
                return true;
            }
        }
        return false;
    }

    /** The lines of {@code mutant} that {@code original} does not have, shortened. */
    private static String changed(String original, String mutant) {
        List<String> lines = new ArrayList<>(mutant.replace("\r\n ", "").lines().toList());
        lines.removeAll(original.replace("\r\n ", "").lines().toList());
        return lines.stream().map(line -> line.length() > 160 ? line.substring(0, 160) + "..." : line).toList().toString();
    }

    private static String manifest(Path jar) throws Exception {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
