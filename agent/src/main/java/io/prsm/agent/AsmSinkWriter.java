package io.prsm.agent;

import java.util.List;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * The sink checks put in with ASM, for a class {@link SinkPatcher} cannot patch (it never happens
 * for the sinks of JDK 17 to 25, {@code SinkPatcherTest} says; a framework class compiled by
 * another compiler might). Each sink method calls {@code Entitlements.check} before its body (in a
 * constructor: right after the superclass constructor). Kept apart from {@link SinkTransformer}
 * so that ASM's classes are loaded only when this runs.
 *
 * <p>Concurrent semantics: stateless.
 */
final class AsmSinkWriter {

    private static final String CHECK = "(Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)V";
    private static final String MEMBER_CHECK = "(Ljava/lang/Class;Ljava/lang/String;)V";
    private static final String BRIDGE = SinkTransformer.BRIDGE;

    private AsmSinkWriter() {
    }

    /** {@code classfile} with a check at the start of every method of {@code sinks}; null if none matched. */
    static byte[] instrument(byte[] classfile, List<Sink> sinks) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] changed = { false };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
                    return next;
                }
                for (Sink sink : sinks) {
                    if (sink.matches(name, descriptor)) {
                        changed[0] = true;
                        return new CheckAtEntry(next, access, name, descriptor, sink);
                    }
                }
                return next;
            }
        }, ClassReader.EXPAND_FRAMES);
        return changed[0] ? writer.toByteArray() : null;
    }

    /** Inserts the call; AdviceAdapter places it after the super() call of a constructor. */
    private static final class CheckAtEntry extends AdviceAdapter {

        private final Sink sink;
        private final boolean isStatic;

        CheckAtEntry(MethodVisitor next, int access, String name, String descriptor, Sink sink) {
            super(Opcodes.ASM9, next, access, name, descriptor);
            this.sink = sink;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        }

        @Override
        protected void onMethodEnter() {
            if (sink.name().equals(Sink.MEMBER)) {
                // value.getDeclaringClass(), value.getName(): both public, on a JDK class of the sink's own package
                String type = sink.target() == Sink.THIS ? sink.owner() : getArgumentTypes()[sink.target()].getInternalName();
                pushValue(sink.target());
                dup();
                visitMethodInsn(Opcodes.INVOKEVIRTUAL, type, "getDeclaringClass", "()Ljava/lang/Class;", false);
                swap();
                visitMethodInsn(Opcodes.INVOKEVIRTUAL, type, "getName", "()Ljava/lang/String;", false);
                visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "checkMember", MEMBER_CHECK, false);
                return;
            }
            visitLdcInsn(sink.name());
            pushValue(sink.target());
            pushValue(sink.detail());
            visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "check", CHECK, false);
        }

        private void pushValue(int value) {
            Type[] arguments = getArgumentTypes();
            if (value == Sink.THIS && !isStatic) {
                loadThis();
            } else if (value >= 0 && value < arguments.length) {
                loadArg(value);
                box(arguments[value]);
            } else {
                visitInsn(Opcodes.ACONST_NULL);
            }
        }
    }
}
