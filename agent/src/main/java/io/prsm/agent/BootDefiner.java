package io.prsm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

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
        ClassLoader own = BootDefiner.class.getClassLoader();
        for (String file : classFiles) {
            try (InputStream in = own.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IOException("The agent jar lacks " + file + "; rebuild it");
                }
                defineInBoot(file.substring(0, file.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
            }
        }
        defineInBoot(MARKER.replace('/', '.'), marker());
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

    /** {@code public final class java.lang.PrsmPluginCode { public static void ran(long b) { Entitlements.pluginCodeRan(b); } }} */
    private static byte[] marker() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, MARKER, null,
                "java/lang/Object", null);
        MethodVisitor ran = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "ran", "(J)V", null, null);
        ran.visitCode();
        ran.visitVarInsn(Opcodes.LLOAD, 0);
        ran.visitMethodInsn(Opcodes.INVOKESTATIC, SinkTransformer.BRIDGE, "pluginCodeRan", "(J)V", false);
        ran.visitInsn(Opcodes.RETURN);
        ran.visitMaxs(0, 0);
        ran.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
