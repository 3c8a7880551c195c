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

public class PluginJarTest {

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
        PluginJar read = PluginJar.read(file.toString());
        assertEquals(file.toUri().toString(), read.location());
        assertEquals("io.example.demo", read.headers().get("Bundle-SymbolicName"));
        assertEquals(read.location(), PluginJar.read("file:" + file).location());
    }

    @Test
    public void missingFileSaysWhatToGive() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(folder.getRoot() + "/absent.jar"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("No file at"));
        assertTrue(e.getMessage(), e.getMessage().contains("Give the path of a plugin jar"));
    }

    @Test
    public void truncatedJarIsRefused() throws Exception {
        byte[] whole = jar(true);
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.parse("demo.jar", Arrays.copyOf(whole, whole.length / 2)));
        assertTrue(e.getMessage(), e.getMessage().contains("is not a valid jar"));
    }

    @Test
    public void textFileIsRefused() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.parse("notes.txt", "hello".getBytes()));
        assertTrue(e.getMessage(), e.getMessage().contains("is not a jar"));
    }

    @Test
    public void jarWithoutManifestIsRefused() throws Exception {
        byte[] bare = jar(false);
        PluginOperationException e = assertThrows(PluginOperationException.class, () -> PluginJar.parse("bare.jar", bare));
        assertTrue(e.getMessage(), e.getMessage().contains("has no META-INF/MANIFEST.MF"));
    }

    @Test
    public void directoryIsRefused() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(folder.getRoot().toString()));
        assertTrue(e.getMessage(), e.getMessage().contains("is a directory"));
    }
}
