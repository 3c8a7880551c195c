package io.prsm.agent;

import java.io.ByteArrayOutputStream;

/**
 * Writes a method's {@code Code} attribute with {@link Prologue}'s bytes inserted: at offset 0, or
 * in a constructor right after its superclass or {@code this(...)} call (the first
 * {@code invokespecial <init>} not paired with a {@code new}), where {@code this} is initialized.
 * Every offset at or after the insertion point moves by the prologue's length. A constructor with
 * a jump, a handler or a frame before that call is {@link SinkPatcher.Unpatchable}: nothing javac
 * writes for the JDK's sink constructors, and moving those would need the whole method decoded.
 *
 * <p>Concurrent semantics: stateless.
 */
final class CodeMover {

    private CodeMover() {
    }

    /** Writes the {@code Code} attribute at {@code at} of {@code patcher}'s class file with {@code prologue} in it. */
    static void write(SinkPatcher patcher, int at, boolean constructor, byte[] prologue, ByteArrayOutputStream out)
            throws SinkPatcher.Unpatchable {
        int maxStack = patcher.u2(at + 6);
        int codeLength = patcher.u4(at + 10);
        int code = at + 14;
        int insertAt = constructor ? afterSuperCall(patcher, code, codeLength) : 0;
        int moved = prologue.length;
        if (codeLength + moved > 0xffff) {
            throw new SinkPatcher.Unpatchable("method too long");
        }
        byte[] in = patcher.bytes();
        ByteArrayOutputStream attribute = new ByteArrayOutputStream(patcher.u4(at + 2) + moved + 8);
        SinkPatcher.writeU2(attribute, Math.min(0xffff, maxStack + Prologue.STACK));
        attribute.write(in, at + 8, 2);
        SinkPatcher.writeU4(attribute, codeLength + moved);
        attribute.write(in, code, insertAt);
        attribute.writeBytes(prologue);
        attribute.write(in, code + insertAt, codeLength - insertAt);
        int handlers = code + codeLength;
        int handlerCount = patcher.u2(handlers);
        SinkPatcher.writeU2(attribute, handlerCount);
        for (int h = 0; h < handlerCount; h++) {
            int entry = handlers + 2 + 8 * h;
            for (int pc = 0; pc < 3; pc++) {
                int offset = patcher.u2(entry + 2 * pc);
                if (offset < insertAt) {
                    throw new SinkPatcher.Unpatchable("a handler before the superclass constructor call");
                }
                SinkPatcher.writeU2(attribute, offset + moved);
            }
            attribute.write(in, entry + 6, 2);
        }
        int attributes = handlers + 2 + 8 * handlerCount;
        int attributeCount = patcher.u2(attributes);
        SinkPatcher.writeU2(attribute, attributeCount);
        int next = attributes + 2;
        for (int a = 0; a < attributeCount; a++) {
            int length = patcher.u4(next + 2);
            moveOffsets(patcher, next, insertAt, moved, attribute);
            next += 6 + length;
        }
        out.write(in, at, 2);
        SinkPatcher.writeU4(out, attribute.size());
        out.writeBytes(attribute.toByteArray());
    }

    private static void moveOffsets(SinkPatcher patcher, int at, int insertAt, int moved, ByteArrayOutputStream out)
            throws SinkPatcher.Unpatchable {
        byte[] in = patcher.bytes();
        String name = patcher.utf8(patcher.u2(at));
        int length = patcher.u4(at + 2);
        int body = at + 6;
        if (name.equals("LineNumberTable")) {
            out.write(in, at, 8);
            for (int i = 0, count = patcher.u2(body); i < count; i++) {
                int start = patcher.u2(body + 2 + 4 * i);
                // the line the method (or the code after super()) starts with covers the inserted call too
                SinkPatcher.writeU2(out, start > insertAt ? start + moved : start);
                out.write(in, body + 4 + 4 * i, 2);
            }
        } else if (name.equals("LocalVariableTable") || name.equals("LocalVariableTypeTable")) {
            out.write(in, at, 8);
            for (int i = 0, count = patcher.u2(body); i < count; i++) {
                int entry = body + 2 + 10 * i;
                int start = patcher.u2(entry);
                int range = patcher.u2(entry + 2);
                if (start > insertAt) {
                    start += moved;
                } else if (start + range > insertAt) {
                    range += moved;
                }
                SinkPatcher.writeU2(out, start);
                SinkPatcher.writeU2(out, range);
                out.write(in, entry + 4, 6);
            }
        } else if (name.equals("StackMapTable")) {
            moveFrames(patcher, at, insertAt, moved, out);
        } else {
            // type annotations on code and anything unknown carry offsets this class does not know
            throw new SinkPatcher.Unpatchable("code attribute " + name);
        }
    }

    /*
     * Frames are delta-coded, each from the one before: moving all of them changes only the first
     * one's delta (a compact first frame whose delta no longer fits takes its extended form). The
     * one absolute offset inside frames is an uninitialized value's "new" instruction.
     */
    private static void moveFrames(SinkPatcher patcher, int at, int insertAt, int moved, ByteArrayOutputStream out)
            throws SinkPatcher.Unpatchable {
        int count = patcher.u2(at + 6);
        ByteArrayOutputStream frames = new ByteArrayOutputStream(patcher.u4(at + 2) + 3);
        SinkPatcher.writeU2(frames, count);
        int frame = at + 8;
        for (int f = 0; f < count; f++) {
            int type = patcher.u1(frame);
            int delta = type < 64 ? type : type < 128 ? type - 64 : patcher.u2(frame + 1);
            if (type >= 128 && type < 247) {
                throw new SinkPatcher.Unpatchable("stack map frame type " + type);
            }
            int next = type < 128 ? frame + 1 : frame + 3;
            if (f == 0) {
                if (delta < insertAt) {
                    throw new SinkPatcher.Unpatchable("a frame before the superclass constructor call");
                }
                delta += moved;
                if (type < 128 && delta < 64) {
                    frames.write(type < 64 ? delta : 64 + delta);
                } else {
                    frames.write(type < 64 ? 251 : type < 128 ? 247 : type);
                    SinkPatcher.writeU2(frames, delta);
                }
            } else {
                frames.write(patcher.bytes(), frame, next - frame);
            }
            if (type >= 64 && type < 128 || type == 247) {
                next = copyTypes(patcher, next, 1, insertAt, moved, frames);
            } else if (type >= 252 && type <= 254) {
                next = copyTypes(patcher, next, type - 251, insertAt, moved, frames);
            } else if (type == 255) {
                for (int part = 0; part < 2; part++) {
                    int values = patcher.u2(next);
                    frames.write(patcher.bytes(), next, 2);
                    next = copyTypes(patcher, next + 2, values, insertAt, moved, frames);
                }
            }
            frame = next;
        }
        if (frame != at + 6 + patcher.u4(at + 2)) {
            throw new SinkPatcher.Unpatchable("stack map table length");
        }
        out.write(patcher.bytes(), at, 2);
        SinkPatcher.writeU4(out, frames.size());
        out.writeBytes(frames.toByteArray());
    }

    private static int copyTypes(SinkPatcher patcher, int at, int count, int insertAt, int moved,
            ByteArrayOutputStream out) throws SinkPatcher.Unpatchable {
        for (int i = 0; i < count; i++) {
            int tag = patcher.u1(at);
            out.write(tag);
            if (tag == 7) {
                out.write(patcher.bytes(), at + 1, 2);
                at += 3;
            } else if (tag == 8) {
                int offset = patcher.u2(at + 1);
                SinkPatcher.writeU2(out, offset >= insertAt ? offset + moved : offset);
                at += 3;
            } else if (tag <= 6) {
                at += 1;
            } else {
                throw new SinkPatcher.Unpatchable("verification type " + tag);
            }
        }
        return at;
    }

    /** The offset right after a constructor's superclass or {@code this(...)} call. */
    private static int afterSuperCall(SinkPatcher patcher, int code, int codeLength) throws SinkPatcher.Unpatchable {
        int pendingNew = 0;
        int pc = 0;
        while (pc < codeLength) {
            int opcode = patcher.u1(code + pc);
            if (opcode == 0xbb) {
                pendingNew++;
            } else if (opcode == 0xb7 && patcher.isConstructorRef(patcher.u2(code + pc + 1))) {
                if (pendingNew == 0) {
                    return pc + 3;
                }
                pendingNew--;
            }
            pc += length(patcher, code + pc, opcode);
        }
        throw new SinkPatcher.Unpatchable("no superclass constructor call");
    }

    /** The length of the instruction at {@code at}; a jump, a return or a throw is unpatchable before super(). */
    private static int length(SinkPatcher patcher, int at, int opcode) throws SinkPatcher.Unpatchable {
        if (opcode <= 0x0f || opcode >= 0x1a && opcode <= 0x35 || opcode >= 0x3b && opcode <= 0x83
                || opcode >= 0x85 && opcode <= 0x98 || opcode == 0xbe || opcode == 0xc2 || opcode == 0xc3) {
            return 1;
        }
        if (opcode == 0x10 || opcode == 0x12 || opcode >= 0x15 && opcode <= 0x19 || opcode >= 0x36 && opcode <= 0x3a
                || opcode == 0xbc) {
            return 2;
        }
        if (opcode == 0x11 || opcode == 0x13 || opcode == 0x14 || opcode == 0x84 || opcode >= 0xb2 && opcode <= 0xb8
                || opcode == 0xbb || opcode == 0xbd || opcode == 0xc0 || opcode == 0xc1) {
            return 3;
        }
        if (opcode == 0xc5) {
            return 4;
        }
        if (opcode == 0xb9 || opcode == 0xba) {
            return 5;
        }
        if (opcode == 0xc4) {
            return patcher.u1(at + 1) == 0x84 ? 6 : 4;
        }
        throw new SinkPatcher.Unpatchable("opcode " + opcode + " before the superclass constructor call");
    }
}
