package io.prsm.sandbox.bytecode;

import java.util.HashSet;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The methods of a class that end in bounded time by themselves: no backward jump (no loop), no
 * call, no exception handler. Such a method runs each of its instructions at most once, and runs
 * no code of the plugin's but its own, so it needs no containment check at its entry: whatever
 * called it checked at its own entry, and checks again at its next loop turn or call. Getters,
 * setters and small arithmetic are most of them, and they are also the methods the JIT inlines
 * everywhere: a check there costs the most and stops nothing.
 *
 * <p>An exception handler makes a method unbounded without a backward jump (a handler placed
 * before the code it guards, which throws again), so any handler keeps the entry check; a
 * {@code ret} (old class files' subroutines) may jump backward too.
 *
 * <p>Concurrent semantics: stateless.
 */
final class BoundedMethods {

    private BoundedMethods() {
    }

    /** The bounded methods of the class {@code reader} reads, as name followed by descriptor. */
    static Set<String> of(ClassReader reader) {
        Set<String> bounded = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new Walk(name + descriptor, bounded);
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return bounded;
    }

    /** Follows one method's code; adds it to the bounded ones at its end unless something unbounded came. */
    private static final class Walk extends MethodVisitor {

        private final String method;
        private final Set<String> bounded;
        private final Set<Label> placed = new HashSet<>();
        private boolean hasCode;
        private boolean unbounded;

        Walk(String method, Set<String> bounded) {
            super(Opcodes.ASM9);
            this.method = method;
            this.bounded = bounded;
        }

        @Override
        public void visitCode() {
            hasCode = true;
        }

        @Override
        public void visitLabel(Label label) {
            placed.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            // a jsr may return backward through its ret
            unbounded |= placed.contains(label) || opcode == Opcodes.JSR;
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            backward(dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            backward(dflt, labels);
        }

        private void backward(Label dflt, Label[] labels) {
            unbounded |= placed.contains(dflt);
            for (Label label : labels) {
                unbounded |= placed.contains(label);
            }
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            unbounded |= opcode == Opcodes.RET;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            unbounded = true;
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            unbounded = true;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            unbounded = true;
        }

        @Override
        public void visitEnd() {
            if (hasCode && !unbounded) {
                bounded.add(method);
            }
        }
    }
}
