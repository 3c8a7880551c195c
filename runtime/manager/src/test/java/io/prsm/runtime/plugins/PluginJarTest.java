package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.JarInspector;
import io.prsm.limits.JarLimits;

public class PluginJarTest {

    private static final JarInspector INSPECTOR = new JarInspector(JarLimits.DEFAULTS);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static byte[] jar(boolean withManifest) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "io.example.demo");
        try (JarOutputStream jar = withManifest ? new JarOutputStream(bytes, manifest) : new JarOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry("io/example/Demo.class"));
            jar.write(new byte[4096]);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    public void pathBecomesAnAbsoluteFileLocation() throws Exception {
        Path file = folder.newFile("demo.jar").toPath();
        Files.write(file, jar(true));
        PluginJar read = PluginJar.read(file.toString(), INSPECTOR);
        assertEquals(file.toUri().toString(), read.location());
        assertEquals("io.example.demo", read.headers().get("Bundle-SymbolicName"));
        assertEquals(read.location(), PluginJar.read("file:" + file, INSPECTOR).location());
    }

    @Test
    public void missingFileSaysWhatToGive() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(folder.getRoot() + "/absent.jar", INSPECTOR));
        assertTrue(e.getMessage(), e.getMessage().startsWith("No file at"));
        assertTrue(e.getMessage(), e.getMessage().contains("Give the path of a plugin jar"));
    }

    @Test
    public void truncatedJarIsRefused() throws Exception {
        byte[] whole = jar(true);
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.parse("demo.jar", Arrays.copyOf(whole, whole.length / 2), INSPECTOR));
        assertTrue(e.getMessage(), e.getMessage().contains("is not a valid jar"));
    }

    @Test
    public void textFileIsRefused() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.parse("notes.txt", "hello".getBytes(), INSPECTOR));
        assertTrue(e.getMessage(), e.getMessage().contains("is not a valid jar (zip END header not found)"));
    }

    @Test
    public void jarWithoutManifestIsRefused() throws Exception {
        byte[] bare = jar(false);
        PluginOperationException e = assertThrows(PluginOperationException.class, () -> PluginJar.parse("bare.jar", bare, INSPECTOR));
        assertTrue(e.getMessage(), e.getMessage().contains("has no META-INF/MANIFEST.MF"));
    }

    @Test
    public void directoryIsRefused() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(folder.getRoot().toString(), INSPECTOR));
        assertTrue(e.getMessage(), e.getMessage().contains("is a folder, not a file"));
    }

    @Test
    public void aNamedPipeOrADeviceIsRefusedWithoutBlocking() throws Exception {
        Path fifo = folder.getRoot().toPath().resolve("pipe.jar");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String path : new String[] { fifo.toString(), "/dev/zero" }) {
            PluginOperationException e = assertThrows(PluginOperationException.class, () -> PluginJar.read(path, INSPECTOR));
            assertTrue(e.getMessage(), e.getMessage().contains("is not a regular file"));
        }
    }

    @Test
    public void aJarOverALimitIsRefusedNamingTheEntryAndTheLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest())) {
            jar.putNextEntry(new ZipEntry("io/example/Big.class"));
            jar.write(new byte[64 << 20]);
            jar.closeEntry();
        }
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.parse("bomb.jar", bytes.toByteArray(), INSPECTOR));
        assertEquals("Refused bomb.jar: Entry io/example/Big.class declares 67108864 bytes, more than 16 MiB "
                + "(prsm.jar.maxClassBytes); nothing genuine comes near that limit, so this is refused. If it is genuine, "
                + "raise prsm.jar.maxClassBytes.", e.getMessage());
    }

    @Test
    public void aRepeatedHeaderIsAProblemOfTheJar() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream jar = new java.util.zip.ZipOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            jar.write("Manifest-Version: 1.0\nBundle-Version: 1.0.0\nBundle-Version: 2.0.0\n\n".getBytes());
            jar.closeEntry();
        }
        PluginJar read = PluginJar.parse("twice.jar", bytes.toByteArray(), INSPECTOR);
        assertEquals(1, read.problems().size());
        assertTrue(read.problems().get(0), read.problems().get(0).contains("Bundle-Version appears twice"));
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }
}
