package io.prsm.agent;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytecode {@link SinkPatcher} puts in front of a sink method: the same call
 * {@link AsmSinkWriter} inserts ({@code Entitlements.check(name, target, detail)}, or
 * {@code checkMember} for a reflective sink), padded with {@code nop}s to a multiple of 4 bytes.
 * It pushes at most 4 stack slots and leaves the stack and the locals as it found them.
 *
 * <p>Concurrent semantics: one per patched method, used by one thread.
 */
final class Prologue {

    /** How many stack slots the prologue needs on top of what the method had. */
    static final int STACK = 4;

    private static final String CHECK = "(Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)V";
    private static final String MEMBER_CHECK = "(Ljava/lang/Class;Ljava/lang/String;)V";
    private static final int ACONST_NULL = 0x01;
    private static final int LDC_W = 0x13;
    private static final int ALOAD_0 = 0x2a;
    private static final int DUP = 0x59;
    private static final int SWAP = 0x5f;
    private static final int INVOKEVIRTUAL = 0xb6;
    private static final int INVOKESTATIC = 0xb8;
    private static final int WIDE = 0xc4;
    private static final int NOP = 0x00;

    private final SinkPatcher pool;
    private final String owner;
    private final boolean isStatic;
    private final List<String> arguments;

    Prologue(SinkPatcher pool, String owner, boolean isStatic, String descriptor) throws SinkPatcher.Unpatchable {
        this.pool = pool;
        this.owner = owner;
        this.isStatic = isStatic;
        this.arguments = arguments(descriptor);
    }

    byte[] of(Sink sink) throws SinkPatcher.Unpatchable {
        ByteArrayOutputStream code = new ByteArrayOutputStream(24);
        if (sink.name().equals(Sink.MEMBER)) {
            // value.getDeclaringClass(), value.getName(): both public, on a JDK class of the sink's own package
            String type = sink.target() == Sink.THIS ? owner : objectType(sink.target());
            push(code, sink.target());
            code.write(DUP);
            invoke(code, INVOKEVIRTUAL, type, "getDeclaringClass", "()Ljava/lang/Class;");
            code.write(SWAP);
            invoke(code, INVOKEVIRTUAL, type, "getName", "()Ljava/lang/String;");
            invoke(code, INVOKESTATIC, SinkTransformer.BRIDGE, "checkMember", MEMBER_CHECK);
        } else {
            code.write(LDC_W);
            SinkPatcher.writeU2(code, pool.stringConstant(sink.name()));
            push(code, sink.target());
            push(code, sink.detail());
            invoke(code, INVOKESTATIC, SinkTransformer.BRIDGE, "check", CHECK);
        }
        while (code.size() % 4 != 0) {
            code.write(NOP);
        }
        return code.toByteArray();
    }


    private void push(ByteArrayOutputStream code, int value) {
        if (value == Sink.THIS && !isStatic) {
            code.write(ALOAD_0);
            return;
        }
        if (value < 0 || value >= arguments.size()) {
            code.write(ACONST_NULL);
            return;
        }
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < value; i++) {
            slot += size(arguments.get(i));
        }
        char kind = arguments.get(value).charAt(0);
        int load = switch (kind) {
            case 'Z', 'B', 'C', 'S', 'I' -> 0x15;
            case 'J' -> 0x16;
            case 'F' -> 0x17;
            case 'D' -> 0x18;
            default -> 0x19;
        };
        if (slot > 0xff) {
            code.write(WIDE);
            code.write(load);
            SinkPatcher.writeU2(code, slot);
        } else {
            code.write(load);
            code.write(slot);
        }
        String box = box(kind);
        if (box != null) {
            invoke(code, INVOKESTATIC, box, "valueOf", "(" + kind + ")L" + box + ";");
        }
    }

    private void invoke(ByteArrayOutputStream code, int opcode, String type, String name, String descriptor) {
        code.write(opcode);
        SinkPatcher.writeU2(code, pool.methodConstant(type, name, descriptor));
    }

    private String objectType(int argument) throws SinkPatcher.Unpatchable {
        String descriptor = argument >= 0 && argument < arguments.size() ? arguments.get(argument) : "";
        if (!descriptor.startsWith("L")) {
            throw new SinkPatcher.Unpatchable("a member sink's argument " + argument + " is not an object");
        }
        return descriptor.substring(1, descriptor.length() - 1);
    }

    private static String box(char kind) {
        return switch (kind) {
            case 'Z' -> "java/lang/Boolean";
            case 'B' -> "java/lang/Byte";
            case 'C' -> "java/lang/Character";
            case 'S' -> "java/lang/Short";
            case 'I' -> "java/lang/Integer";
            case 'J' -> "java/lang/Long";
            case 'F' -> "java/lang/Float";
            case 'D' -> "java/lang/Double";
            default -> null;
        };
    }

    private static int size(String argument) {
        return argument.equals("J") || argument.equals("D") ? 2 : 1;
    }

    /** The argument types of a method descriptor, each as its descriptor. */
    static List<String> arguments(String descriptor) throws SinkPatcher.Unpatchable {
        List<String> arguments = new ArrayList<>();
        int at = 1;
        while (at < descriptor.length() && descriptor.charAt(at) != ')') {
            int start = at;
            while (descriptor.charAt(at) == '[') {
                at++;
            }
            if (descriptor.charAt(at) == 'L') {
                at = descriptor.indexOf(';', at);
                if (at < 0) {
                    throw new SinkPatcher.Unpatchable("descriptor " + descriptor);
                }
            }
            at++;
            arguments.add(descriptor.substring(start, at));
        }
        if (at >= descriptor.length()) {
            throw new SinkPatcher.Unpatchable("descriptor " + descriptor);
        }
        return arguments;
    }
}
