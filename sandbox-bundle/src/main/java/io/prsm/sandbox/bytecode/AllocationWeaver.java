package io.prsm.sandbox.bytecode;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the memory check ({@code io.prsm.api.containment.Allocation.array(count, elementBytes)})
 * before every one-dimensional array allocation ({@code NEWARRAY}, {@code ANEWARRAY}) of an
 * untrusted plugin's class, so that a task's declared memory limit holds where a large array is
 * allocated rather than at the watchdog's next sample. The element count already on the stack is
 * duplicated for the check, which consumes it with the element size it is given; multi-dimensional
 * arrays ({@code MULTIANEWARRAY}, rare and made of arrays each allocated in turn only by the JVM)
 * are left to the watchdog.
 *
 * <p>The check adds two stack slots at most and no branch target, so only the method's maximum
 * stack grows; stack map frames stay valid and nothing is recomputed or loaded while weaving.
 *
 * <p>Concurrent semantics: stateless; each call weaves on its own visitors.
 */
public final class AllocationWeaver {

    static final String CHECK_OWNER = "io/prsm/api/containment/Allocation";
    static final String CHECK_NAME = "array";
    /** Bytes per reference element, as with compressed references (the common case): a lower bound is enough. */
    private static final int REFERENCE_BYTES = 4;

    /** The class {@code bytes} with the checks woven in. */
    public byte[] weave(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        try {
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    return new Checks(super.visitMethod(access, name, descriptor, signature, exceptions));
                }
            }, 0);
            return writer.toByteArray();
        } catch (MethodTooLargeException tooLarge) {
            throw new CheckpointWeaver.WeavingRefused("method " + tooLarge.getMethodName() + " is too large to take "
                    + "the memory checks; split it into smaller methods");
        }
    }

    /** Bytes per element of a {@code NEWARRAY} of primitive type {@code type}. */
    static int elementBytes(int type) {
        return switch (type) {
            case Opcodes.T_BOOLEAN, Opcodes.T_BYTE -> 1;
            case Opcodes.T_CHAR, Opcodes.T_SHORT -> 2;
            case Opcodes.T_INT, Opcodes.T_FLOAT -> 4;
            default -> 8; // T_LONG, T_DOUBLE
        };
    }

    /** Inserts the check into one method. */
    private static final class Checks extends MethodVisitor {

        Checks(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (opcode == Opcodes.NEWARRAY) {
                check(elementBytes(operand));
            }
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.ANEWARRAY) {
                check(REFERENCE_BYTES);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // the duplicated count and the element size, on top of whatever the method had
            super.visitMaxs(maxStack + 2, maxLocals);
        }

        private void check(int elementBytes) {
            super.visitInsn(Opcodes.DUP);
            super.visitIntInsn(Opcodes.BIPUSH, elementBytes);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, CHECK_NAME, "(II)V", false);
        }
    }
}
