package io.prsm.runtime.embed;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ApiPackagesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static Manifest api(String bundleVersion, String exports) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", "io.prsm.api");
        main.putValue("Bundle-Version", bundleVersion);
        main.putValue("Export-Package", exports);
        return manifest;
    }

    @Test
    public void theSameApiFromAnotherBuildIsAccepted() throws IOException {
        ApiPackages.requireSameApi(api("1.0.0.202601010000", "io.prsm.api;version=\"1.0.0\""), "api-bundle.jar",
                Optional.of(api("1.0.0.202612050000", "io.prsm.api;version=\"1.0.0\"")), "app.jar");
    }

    @Test
    public void anApiWithOtherPackageVersionsIsRefusedWithBothVersionsNamed() {
        IOException refused = assertThrows(IOException.class, () -> ApiPackages.requireSameApi(
                api("1.0.0.1", "io.prsm.api;version=\"1.0.0\""), "api-bundle-1.0.0.jar",
                Optional.of(api("1.1.0.2", "io.prsm.api;version=\"1.1.0\"")), "file:/app/lib/api-bundle-1.1.0.jar"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("io.prsm.api 1.1.0.2 from file:/app/lib/api-bundle-1.1.0.jar"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("(api-bundle-1.0.0.jar, 1.0.0.1)"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("same PRSM release"));
    }

    @Test
    public void anApiNotLoadedFromTheApiBundleIsNotCompared() throws IOException {
        ApiPackages.requireSameApi(api("1.0.0.1", "io.prsm.api;version=\"1.0.0\""), "api-bundle.jar", Optional.empty(),
                "prsm.jar");
    }

    @Test
    public void theManifestIsReadFromTheApiBundleJarOnly() throws IOException {
        Path apiJar = jar("api.jar", api("1.0.0", "io.prsm.api;version=\"1.0.0\""));
        assertEquals("1.0.0", ApiPackages.apiBundleManifest(new CodeSource(apiJar.toUri().toURL(), (Certificate[]) null))
                .orElseThrow().getMainAttributes().getValue("Bundle-Version"));

        Manifest other = api("1.0.0", "x");
        other.getMainAttributes().putValue("Bundle-SymbolicName", "io.prsm.launcher");
        Path launcherJar = jar("prsm.jar", other);
        assertEquals(Optional.empty(),
                ApiPackages.apiBundleManifest(new CodeSource(launcherJar.toUri().toURL(), (Certificate[]) null)));
    }

    @Test
    public void theManifestIsReadFromAClassesFolderToo() throws IOException {
        Path classes = folder.newFolder("classes").toPath();
        Files.createDirectories(classes.resolve("META-INF"));
        try (OutputStream out = Files.newOutputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            api("2.0.0", "io.prsm.api;version=\"2.0.0\"").write(out);
        }
        assertEquals("2.0.0", ApiPackages.apiBundleManifest(new CodeSource(classes.toUri().toURL(), (Certificate[]) null))
                .orElseThrow().getMainAttributes().getValue("Bundle-Version"));
        assertEquals(Optional.empty(), ApiPackages.apiBundleManifest(
                new CodeSource(folder.newFolder("plain").toURI().toURL(), (Certificate[]) null)));
    }

    private Path jar(String name, Manifest manifest) throws IOException {
        Path file = folder.getRoot().toPath().resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.flush();
        }
        return file;
    }
}
