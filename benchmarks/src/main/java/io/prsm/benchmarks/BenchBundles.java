package io.prsm.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the bundles the whole-process benchmarks start with: plain library bundles (each
 * exporting a package its successor imports, so the resolver has work) and real plugins (a
 * Declarative Services component providing {@link NoOpPlugin}, plus ordinary classes for the
 * gatekeeper to scan).
 *
 * <p>Concurrent semantics: stateless.
 */
final class BenchBundles {

    private BenchBundles() {
    }

    /** Writes {@code count} library bundles into {@code folder} and returns it. */
    static Path libraries(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            Manifest manifest = manifest("bench.lib." + i, "Library " + i);
            Attributes main = manifest.getMainAttributes();
            main.putValue("Export-Package", "bench.lib" + i + ";version=\"1.0.0\"");
            if (i > 0) {
                main.putValue("Import-Package", "bench.lib" + (i - 1) + ";version=\"[1,2)\"");
            }
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(folder.resolve("lib-" + i + ".jar")),
                    manifest)) {
                add(jar, "bench/lib" + i + "/Marker.class", fillerClass("bench/lib" + i + "/Marker"));
            }
        }
        return folder;
    }

    /**
     * Writes a plugin bundle {@code id} at {@code level} with {@code fillers} ordinary classes
     * besides its plugin class, and returns its file.
     */
    static Path plugin(Path folder, String id, String level, int fillers) throws IOException {
        return plugin(folder, id, level, fillers, "1.0.0");
    }

    /** Like {@link #plugin(Path, String, String, int)}, at {@code version}, in a file named after both. */
    static Path plugin(Path folder, String id, String level, int fillers, String version) throws IOException {
        return plugin(folder, id, level, fillers, version, NoOpPlugin.class);
    }

    /** Like {@link #plugin(Path, String, String, int, String)}, with {@code implementation} as its Plugin. */
    static Path plugin(Path folder, String id, String level, int fillers, String version,
            Class<? extends io.prsm.api.Plugin> implementation) throws IOException {
        Files.createDirectories(folder);
        Manifest manifest = manifest("bench.plugin." + id, "Benchmark plugin " + id);
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-Description", "A plugin that does nothing, for the benchmarks");
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "io.prsm.api;version=\"[1.0,2)\"");
        main.putValue("Provide-Capability", "osgi.service;objectClass:List<String>=\"io.prsm.api.Plugin\";"
                + "uses:=\"io.prsm.api\",prsm.plugin;prsm.plugin=" + id + ";version:Version=\"" + version + "\";type=utility;"
                + "security.level=" + level + ";capabilities:List<String>=\"nothing\";memory:Long=1048576;"
                // two cores: the hot-swap scenario runs one plugin at 70 % of the host's capacity, which a smaller
                // declared share would have throttled (issue 16's CPU share) instead of measuring the swaps
                + "cpu:Double=\"2.0\";storage:Long=1024");
        main.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)"
                + "(version>=1.5.0)(!(version>=2.0.0)))\",prsm.runtime;filter:=\"(version>=1.0.0)\"");
        main.putValue("Service-Component", "OSGI-INF/noop.xml");
        Path file = folder.resolve("1.0.0".equals(version) ? id + ".jar" : id + "-" + version + ".jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            add(jar, "OSGI-INF/noop.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + id + "\">\n"
                    + "  <service><provide interface=\"io.prsm.api.Plugin\"/></service>\n"
                    + "  <implementation class=\"" + implementation.getName() + "\"/>\n"
                    + "</scr:component>\n").getBytes(StandardCharsets.UTF_8));
            add(jar, implementation.getName().replace('.', '/') + ".class", classFile(implementation));
            for (int i = 0; i < fillers; i++) {
                String name = "bench/" + id.replace('-', '_') + "/Filler" + i;
                add(jar, name + ".class", fillerClass(name));
            }
        }
        return file;
    }

    private static Manifest manifest(String symbolicName, String name) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Name", name);
        return manifest;
    }

    private static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private static byte[] classFile(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class with some ordinary code (string building, arithmetic) for the scan to read. */
    private static byte[] fillerClass(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor work = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "describe",
                "(Ljava/lang/String;I)Ljava/lang/String;", null, null);
        work.visitCode();
        work.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        work.visitInsn(Opcodes.DUP);
        work.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        work.visitVarInsn(Opcodes.ALOAD, 0);
        work.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
        work.visitVarInsn(Opcodes.ILOAD, 1);
        work.visitVarInsn(Opcodes.ALOAD, 0);
        work.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        work.visitInsn(Opcodes.IMUL);
        work.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                "(I)Ljava/lang/StringBuilder;", false);
        work.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;",
                false);
        work.visitInsn(Opcodes.ARETURN);
        work.visitMaxs(0, 0);
        work.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
