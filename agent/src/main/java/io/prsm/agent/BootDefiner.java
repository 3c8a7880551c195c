package io.prsm.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;


/**
 * Defines the bridge in the boot loader without appending a jar to the boot class path. Appending
 * one makes the JVM print "Sharing is only supported for boot loader classes because bootstrap
 * classpath has been appended" and turns class-data sharing off for every application class, a
 * cost at each start. The JDK's own class definer ({@code jdk.internal.misc.Unsafe.defineClass}
 * with no loader), exported to the agent alone through {@link Instrumentation#redefineModule},
 * defines the classes straight into the boot loader instead.
 *
 * <p>It also defines {@value #MARKER} in {@code java.base}: the one call the gatekeeper weaves into
 * every method of plugin code. A class in a {@code java.*} package is visible to every bundle (OSGi
 * frameworks always delegate {@code java.*} to the boot loader), so the woven call needs no import,
 * no wiring and no policy entry. It only forwards to the bridge, which counts the entries; any
 * caller may call it, which only makes checks on its thread walk the stack again.
 *
 * <p>Concurrent semantics: called once, from the synchronized installation of the agent.
 */
final class BootDefiner {

    /** The class plugin code calls at each method entry, in internal form. */
    static final String MARKER = "java/lang/PrsmPluginCode";

    private BootDefiner() {
    }

    /** Defines {@code classFiles} (resource names, in dependency order) of the agent's jar, then the marker. */
    static void define(Instrumentation instrumentation, List<String> classFiles) throws IOException {
        Module javaBase = Object.class.getModule();
        Module agent = BootDefiner.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(agent)), Map.of(),
                Set.of(), Map.of());
        File own = ownJar();
        try (JarFile jar = own == null ? null : new JarFile(own, false)) {
            for (String file : classFiles) {
                try (InputStream in = jar == null ? BootDefiner.class.getClassLoader().getResourceAsStream(file)
                        : jar.getEntry(file) == null ? null : jar.getInputStream(jar.getEntry(file))) {
                    if (in == null) {
                        throw new IOException("The agent jar lacks " + file + "; rebuild it");
                    }
                    defineInBoot(file.substring(0, file.length() - ".class".length()).replace('/', '.'),
                            in.readAllBytes());
                }
            }
        }
        defineInBoot(MARKER.replace('/', '.'), marker());
    }

    /**
     * The jar the agent's classes come from, read as a zip file: a resource read through the class
     * loader opens a {@code jar:} URL connection, whose dozen classes the JVM then loads from its
     * image at start (most of this class's time before). Null when the classes are not in a jar.
     */
    private static File ownJar() {
        CodeSource source = BootDefiner.class.getProtectionDomain().getCodeSource();
        try {
            File location = source == null || source.getLocation() == null ? null : new File(source.getLocation().toURI());
            return location != null && location.isFile() ? location : null;
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return null;
        }
    }

    private static void defineInBoot(String name, byte[] classfile) {
        try {
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, ProtectionDomain.class);
            define.invoke(unsafe, name, classfile, 0, classfile.length, null, null);
        } catch (ReflectiveOperationException | RuntimeException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            throw new IllegalStateException("cannot define " + name + " in the boot loader: " + cause, cause);
        }
    }

    /**
     * {@code public final class java.lang.PrsmPluginCode { public static void ran(long b) { Entitlements.pluginCodeRan(b); } }},
     * written out by hand: ASM's writer would be loaded and run interpreted at JVM start for these 200 bytes.
     */
    static byte[] marker() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        DataOutputStream data = new DataOutputStream(out);
        try {
            data.writeInt(0xCAFEBABE);
            data.writeShort(0);
            data.writeShort(55); // Java 11
            data.writeShort(13);
            utf8(data, MARKER); // #1
            classRef(data, 1); // #2
            utf8(data, "java/lang/Object"); // #3
            classRef(data, 3); // #4
            utf8(data, "ran"); // #5
            utf8(data, "(J)V"); // #6
            utf8(data, "Code"); // #7
            utf8(data, SinkTransformer.BRIDGE); // #8
            classRef(data, 8); // #9
            utf8(data, "pluginCodeRan"); // #10
            data.writeByte(12); // #11 NameAndType pluginCodeRan (J)V
            data.writeShort(10);
            data.writeShort(6);
            data.writeByte(10); // #12 Methodref Entitlements.pluginCodeRan
            data.writeShort(9);
            data.writeShort(11);
            data.writeShort(0x0001 | 0x0010 | 0x0020); // public final super
            data.writeShort(2);
            data.writeShort(4);
            data.writeShort(0); // interfaces
            data.writeShort(0); // fields
            data.writeShort(1); // methods
            data.writeShort(0x0001 | 0x0008); // public static
            data.writeShort(5);
            data.writeShort(6);
            data.writeShort(1);
            data.writeShort(7); // Code
            data.writeInt(17);
            data.writeShort(2); // max stack
            data.writeShort(2); // max locals
            data.writeInt(5);
            data.writeByte(0x1e); // lload_0
            data.writeByte(0xb8); // invokestatic #12
            data.writeShort(12);
            data.writeByte(0xb1); // return
            data.writeShort(0); // exception table
            data.writeShort(0); // code attributes
            data.writeShort(0); // class attributes
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    private static void utf8(DataOutputStream data, String value) throws IOException {
        data.writeByte(1);
        data.writeUTF(value);
    }

    private static void classRef(DataOutputStream data, int name) throws IOException {
        data.writeByte(7);
        data.writeShort(name);
    }
}
