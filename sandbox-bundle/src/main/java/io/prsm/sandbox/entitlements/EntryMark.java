package io.prsm.sandbox.entitlements;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.prsm.sandbox.bytecode.CheckpointWeaver;

/**
 * Puts the entitlement count ({@code marker.ran(bundleId)}) first in one method, unless the method
 * already starts with the containment entry that counts too, {@code Checkpoint.enter(bundleId)}
 * for this very bundle (the scanning hook weaves it into untrusted code before this hook runs):
 * then the method keeps its one call. Decided on the code itself, not on what another hook said it
 * did, so a class whose level changed between the two hooks still counts: anything else first, or
 * another bundle's id, gets the count in front of it.
 *
 * <p>Concurrent semantics: one instance per method being woven, on one thread.
 */
class EntryMark extends MethodVisitor {

    /** Nothing decided yet; the first instruction was the entry's bundle id (held back); decided. */
    private enum State { PENDING, HELD, DONE }

    private final String marker;
    private final long bundleId;
    private State state = State.DONE;
    private boolean startsWithEnter;

    EntryMark(MethodVisitor next, String marker, long bundleId) {
        super(Opcodes.ASM9, next);
        this.marker = marker;
        this.bundleId = bundleId;
    }

    /** Writes the count into {@code method}. */
    static void count(MethodVisitor method, String marker, long bundleId) {
        method.visitLdcInsn(bundleId);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, marker, "ran", "(J)V", false);
    }

    /** Whether the method started with the containment entry for this bundle: its class is contained. */
    boolean startsWithEnter() {
        return startsWithEnter;
    }

    /** Writes the containment entry, which checks for a stop and counts too, into {@code method}. */
    static void enter(MethodVisitor method, long bundleId) {
        method.visitLdcInsn(bundleId);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, CheckpointWeaver.CHECK_OWNER, CheckpointWeaver.ENTER_NAME,
                CheckpointWeaver.ENTER_DESCRIPTOR, false);
    }

    @Override
    public void visitCode() {
        super.visitCode();
        state = State.PENDING;
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (state == State.PENDING && value instanceof Long id && id == bundleId) {
            state = State.HELD;
            return;
        }
        decide();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        if (state == State.HELD && opcode == Opcodes.INVOKESTATIC && owner.equals(CheckpointWeaver.CHECK_OWNER)
                && name.equals(CheckpointWeaver.ENTER_NAME) && descriptor.equals(CheckpointWeaver.ENTER_DESCRIPTOR)
                && !isInterface) {
            // the method starts with the entry that counts: it needs no second call
            state = State.DONE;
            startsWithEnter = true;
            super.visitLdcInsn(bundleId);
        } else {
            decide();
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    /** The count goes first, then the bundle id held back (it was not the counting entry's). */
    private void decide() {
        State was = state;
        state = State.DONE;
        if (was != State.DONE) {
            count(mv, marker, bundleId);
        }
        if (was == State.HELD) {
            mv.visitLdcInsn(bundleId);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        decide();
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitLabel(Label label) {
        decide();
        super.visitLabel(label);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        decide();
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitInsn(int opcode) {
        decide();
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        decide();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        decide();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        decide();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        decide();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        decide();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        decide();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        decide();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        decide();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        decide();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        decide();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        decide();
        super.visitMaxs(maxStack, maxLocals);
    }
}
