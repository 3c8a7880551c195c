package io.prsm.sandbox.bytecode;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.channels.spi.AbstractSelector;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps code of an untrusted plugin off threads of the JDK's own, where the runtime raises no stop:
 * a task's deadline, a plugin's stop or quarantine never reach it there, and the thread serves the
 * whole JVM.
 * <ul>
 * <li>{@code finalize()} is renamed ({@value #FINALIZE_RENAMED}), so the JVM never registers the
 * class's objects for finalization and the plugin's code never runs on the {@code Finalizer}
 * thread (a loop there stops finalization for every class of the JVM);
 * <li>a subclass of {@link AbstractInterruptibleChannel} or {@link AbstractSelector} (or of a JDK
 * class extending them) is refused: its {@code begin()} makes it the interrupt handler of the
 * thread that calls it, so whoever interrupts that thread (the runtime's deadline watchdog) runs
 * the plugin's {@code implCloseChannel}/{@code wakeup} on its own thread.
 * <li>a call of {@code Runtime.gc()} (native, so the entitlement agent cannot check it where it
 * happens) calls {@code System.gc()} instead, which the agent checks: a full collection stops every
 * thread of the JVM, and a plugin calling it in a loop would stop them over and over.
 * </ul>
 * Checked on the class's own superclass: a plugin class extending another plugin class got the
 * same check when that one was defined, and is not defined when it was refused.
 *
 * <p>Concurrent semantics: stateless; each call works on its own visitors.
 */
public final class JdkThreadCode {

    /** What {@code finalize()} of an untrusted class is renamed to: an ordinary method the JVM ignores. */
    public static final String FINALIZE_RENAMED = "prsm$finalize";

    /** Whether {@code owner.name descriptor} is {@code Runtime.gc()}, which untrusted code reaches through {@link #callGc}. */
    public static boolean isRuntimeGc(String owner, String name, String descriptor) {
        return owner.equals("java/lang/Runtime") && name.equals("gc") && descriptor.equals("()V");
    }

    /** In place of {@code Runtime.gc()} on the {@code Runtime} on the stack: {@code System.gc()}, which is checked. */
    public static void callGc(MethodVisitor method) {
        method.visitInsn(Opcodes.POP);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "gc", "()V", false);
    }

    /** The class after the change, and whether it declared a {@code finalize()} that was renamed. */
    public record Kept(byte[] bytes, boolean finalizeRenamed) {
    }

    /**
     * {@code bytes} with {@code finalize()} renamed and {@code Runtime.gc()} calls made checked.
     *
     * @throws CheckpointWeaver.WeavingRefused when the class would run on a thread that interrupts
     *         another: it must not be defined
     */
    public Kept keepOff(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        String superName = reader.getSuperName();
        if (interruptHandler(superName)) {
            throw new CheckpointWeaver.WeavingRefused("it extends " + superName.replace('/', '.') + ", whose begin() "
                    + "would run the plugin's code on whichever thread interrupts its own; use the channels the "
                    + "JDK opens (FileChannel.open, SocketChannel.open) instead of a channel of the plugin's own");
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] renamed = new boolean[1];
        boolean[] gc = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                boolean finalizer = name.equals("finalize") && descriptor.equals("()V")
                        && (access & Opcodes.ACC_STATIC) == 0;
                renamed[0] |= finalizer;
                MethodVisitor next = super.visitMethod(access, finalizer ? FINALIZE_RENAMED : name, descriptor,
                        signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, next) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (opcode == Opcodes.INVOKEVIRTUAL && isRuntimeGc(owner, method, desc)) {
                            // same stack effect (the Runtime is taken), no new branch: frames stay valid
                            gc[0] = true;
                            callGc(mv);
                        } else {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                        }
                    }
                };
            }
        }, 0);
        return renamed[0] || gc[0] ? new Kept(writer.toByteArray(), renamed[0]) : new Kept(bytes, false);
    }

    /** Whether {@code superName} is a JDK class whose {@code begin()} installs an interrupt handler. */
    private static boolean interruptHandler(String superName) {
        if (superName == null || !(superName.startsWith("java/") || superName.startsWith("javax/")
                || superName.startsWith("jdk/") || superName.startsWith("sun/"))) {
            return false;
        }
        try {
            // a JDK class, never the plugin's: loading it (not initializing it) runs no plugin code
            Class<?> type = Class.forName(superName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return AbstractInterruptibleChannel.class.isAssignableFrom(type)
                    || AbstractSelector.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError notInTheJdk) {
            // no such JDK class: the plugin's class cannot be defined on it either
            return false;
        }
    }
}
