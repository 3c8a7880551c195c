package io.prsm.sandbox.bytecode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the containment check ({@code io.prsm.api.containment.Checkpoint.check()}) into a class
 * of an untrusted plugin: at the entry of every method that may not end by itself (one with a
 * loop, a call or an exception handler: {@link BoundedMethods}), before every backward jump (the
 * back-edge of a loop) and at the start of every catch handler that names a type, so that code
 * stopped by the runtime throws {@code PluginCodeStopped} at its next loop turn or call, and a
 * clause that catches it throws it again. Catch-all handlers ({@code finally}, the monitor release of
 * {@code synchronized}) are left alone: they end by rethrowing what they caught, and a check in
 * the handler that releases a monitor would keep the monitor held.
 *
 * <p>Where the entitlement agent runs, the plugin's method entries must also count for the
 * entitlement check (see {@code io.prsm.sandbox.entitlements.PluginCodeMarks}): {@link #weave(byte[], long)}
 * writes one call doing both at each entry, {@code Checkpoint.enter(bundleId)}, so each method of
 * plugin code pays for one call, not two. Given the bundle, every check names it
 * ({@code Checkpoint.check(bundleId)}): the runtime can then stop that bundle's code alone on a
 * thread that runs other code too (a pool thread of the JDK's still running a stopped plugin's
 * lambda), at the cost of a constant pushed before each call. Regular expressions are matched
 * against text checked at every character ({@link CheckedRegex}).
 *
 * <p>The checks take and leave nothing on the operand stack (one that names its bundle pushes the
 * id, two slots, above whatever the stack holds there) and add no branch target, so the stack map frames
 * of the method stay valid as they are: nothing is recomputed and no class is loaded while weaving.
 *
 * <p>Concurrent semantics: stateless; each call weaves on its own visitors.
 */
public final class CheckpointWeaver {

    /** The package woven classes must be able to load the check from (a dynamic import). */
    public static final String CHECK_PACKAGE = "io.prsm.api.containment";
    /** The class woven code calls, in internal form. */
    public static final String CHECK_OWNER = "io/prsm/api/containment/Checkpoint";
    static final String CHECK_NAME = "check";
    /** The entry that checks and counts for the entitlement check: {@code Checkpoint.enter(long bundleId)}. */
    public static final String ENTER_NAME = "enter";
    public static final String ENTER_DESCRIPTOR = "(J)V";
    /** No bundle id: method entries get the plain check. */
    private static final long NOT_COUNTED = -1;

    /** The class {@code bytes} with the checks woven in; method entries get the plain check. */
    public byte[] weave(byte[] bytes) {
        return weave(bytes, NOT_COUNTED, false);
    }

    /**
     * The class {@code bytes} of bundle {@code bundleId} with the checks woven in, each method
     * entry calling {@code Checkpoint.enter(bundleId)}: the check and the entitlement check's count
     * in one call.
     */
    public byte[] weave(byte[] bytes, long bundleId) {
        return weave(bytes, bundleId, true);
    }

    /**
     * The class {@code bytes} of bundle {@code bundleId} with the checks woven in, each naming the
     * bundle ({@code Checkpoint.check(bundleId)}), so that the bundle's code can be stopped on a
     * thread that is not its plugin's alone; method entries call {@code Checkpoint.enter(bundleId)}
     * when {@code countEntries} (the entitlement agent runs).
     */
    public byte[] weave(byte[] bytes, long bundleId, boolean countEntries) {
        if (bundleId < 0 && bundleId != NOT_COUNTED) {
            throw new IllegalArgumentException("bundle id " + bundleId);
        }
        ClassReader reader = new ClassReader(bytes);
        if (reader.getClassName().startsWith("io/prsm/api/containment/")) {
            throw new WeavingRefused("defines a class in " + CHECK_PACKAGE + ", which belongs to the platform");
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        Set<String> bounded = BoundedMethods.of(reader);
        try {
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    return new Checks(next, reader.getClassName() + "." + name, bundleId, countEntries,
                            !bounded.contains(name + descriptor));
                }
            }, 0);
            return writer.toByteArray();
        } catch (MethodTooLargeException tooLarge) {
            throw new WeavingRefused("method " + tooLarge.getMethodName() + " is too large to take the containment "
                    + "checks; split it into smaller methods");
        }
    }

    /** A class the weaver cannot make stoppable, with the reason; the class must not be defined. */
    public static final class WeavingRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WeavingRefused(String reason) {
            super(reason);
        }
    }

    /** Inserts the checks into one method. */
    private static final class Checks extends MethodVisitor {

        private final String method;
        private final long bundleId;
        private final boolean countEntries;
        /** Whether the method gets a check at its entry: it may not end by itself. */
        private final boolean checkEntry;
        /** Labels in the order they were placed; a jump to one of them goes backward. */
        private final Map<Label, Integer> placed = new HashMap<>();
        private final Set<Label> typedHandlers = new HashSet<>();
        private final Map<Label, Label[]> handlerRanges = new HashMap<>();
        /** Every handler with its range ({handler, start}), typed or not. */
        private final List<Label[]> handlersAndStarts = new ArrayList<>();
        /** A typed handler's label was placed: check before its first instruction (after its frame). */
        private boolean checkBeforeNext;

        Checks(MethodVisitor next, String method, long bundleId, boolean countEntries, boolean checkEntry) {
            super(Opcodes.ASM9, next);
            this.method = method;
            this.bundleId = bundleId;
            this.countEntries = countEntries;
            this.checkEntry = checkEntry;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!checkEntry) {
                // bounded: with the agent, the entitlement count still goes first (PluginCodeMarks writes it)
                return;
            }
            if (bundleId != NOT_COUNTED && countEntries) {
                super.visitLdcInsn(bundleId);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, ENTER_NAME, ENTER_DESCRIPTOR, false);
            } else {
                check();
            }
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null) {
                typedHandlers.add(handler);
                handlerRanges.put(handler, new Label[] { start, end });
            }
            handlersAndStarts.add(new Label[] { handler, start });
            super.visitTryCatchBlock(start, end, handler, type);
        }

        @Override
        public void visitLabel(Label label) {
            placed.put(label, placed.size());
            super.visitLabel(label);
            if (typedHandlers.contains(label)) {
                checkBeforeNext = true;
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            pending();
            if (placed.containsKey(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            pending();
            if (anyPlaced(dflt, labels)) {
                check();
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            pending();
            if (anyPlaced(dflt, labels)) {
                check();
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            // a typed handler inside its own range would catch its own check for ever: javac never writes one
            for (Map.Entry<Label, Label[]> entry : handlerRanges.entrySet()) {
                Integer handler = placed.get(entry.getKey());
                Integer start = placed.get(entry.getValue()[0]);
                Integer end = placed.get(entry.getValue()[1]);
                if (handler != null && start != null && end != null && start <= handler && handler < end) {
                    throw new WeavingRefused("method " + method + " has a catch handler inside the code it guards, "
                            + "which no Java compiler writes and which could not be stopped");
                }
            }
            // a handler before the code it guards loops back there by an exception, no backward jump: a catch-all
            // one (a finally) carries no check, so nothing would stop that loop; javac never writes one
            for (Label[] handlerAndStart : handlersAndStarts) {
                Integer handler = placed.get(handlerAndStart[0]);
                Integer start = placed.get(handlerAndStart[1]);
                if (handler != null && start != null && handler < start) {
                    throw new WeavingRefused("method " + method + " has a catch handler placed before the code it "
                            + "guards, which no Java compiler writes and which could loop without a check");
                }
            }
            // a check's or a checked regex call's bundle id takes two slots above what the stack holds there
            super.visitMaxs(maxStack + 2, maxLocals);
        }

        private boolean anyPlaced(Label dflt, Label[] labels) {
            if (placed.containsKey(dflt)) {
                return true;
            }
            for (Label label : labels) {
                if (placed.containsKey(label)) {
                    return true;
                }
            }
            return false;
        }

        private void check() {
            if (bundleId == NOT_COUNTED) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, CHECK_NAME, "()V", false);
            } else {
                super.visitLdcInsn(bundleId);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, CHECK_NAME, "(J)V", false);
            }
        }

        private void pending() {
            if (checkBeforeNext) {
                checkBeforeNext = false;
                check();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            pending();
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            pending();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            pending();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            pending();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            pending();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            pending();
            if (!CheckedRegex.replace(mv, opcode, owner, name, descriptor, bundleId)) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            pending();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitLdcInsn(Object value) {
            pending();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            pending();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            pending();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }
}
