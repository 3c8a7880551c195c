package io.prsm.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the sink checks into a class file without ASM: the JVM's start path. ASM reads and writes
 * the whole class through code that runs interpreted at JVM start and then keeps the JIT busy
 * compiling it; inserting one straight-line call needs none of that. The call goes in front of
 * the method's code (in a constructor: right after the superclass or {@code this(...)} call, as
 * before), and everything after it moves by a multiple of 4 bytes, so switch padding, relative
 * branches and the stack map frames (whose locals and stack the call leaves as they were) stay
 * valid; only the absolute offsets (exception table, line and local variable tables, the first
 * frame's delta) are moved. The inserted code is reached only by falling into it: a jump to the
 * old start lands after it, as ASM's insertion did.
 *
 * <p>Anything it does not know how to move (a branch before a constructor's superclass call, type
 * annotations on code, an unknown constant or code attribute) is {@link Unpatchable}: the caller
 * then instruments the class with ASM ({@link AsmSinkWriter}), so coverage never depends on it.
 *
 * <p>Concurrent semantics: one instance per class file, used by one thread.
 */
final class SinkPatcher {

    /** The class file has something this patcher does not move; ASM must do it. */
    static final class Unpatchable extends Exception {
        private static final long serialVersionUID = 1L;

        Unpatchable(String why) {
            super(why, null, false, false);
        }
    }

    private static final int SKIPPED = 0x0040 | 0x0100 | 0x0400; // bridge, native, abstract
    private static final int STATIC = 0x0008;

    private final byte[] in;
    private final int[] entries;
    private final int poolEnd;
    private final ByteArrayOutputStream added = new ByteArrayOutputStream();
    private final Map<String, Integer> addedIndex = new HashMap<>();
    private int nextIndex;

    private SinkPatcher(byte[] in) throws Unpatchable {
        this.in = in;
        int count = u2(8);
        entries = new int[count];
        int at = 10;
        for (int i = 1; i < count; i++) {
            entries[i] = at;
            int tag = in[at] & 0xff;
            if (tag == 1) {
                at += 3 + u2(at + 1);
            } else if (tag == 5 || tag == 6) {
                at += 9;
                i++;
            } else if (tag == 7 || tag == 8 || tag == 16 || tag == 19 || tag == 20) {
                at += 3;
            } else if (tag == 15) {
                at += 4;
            } else if (tag == 3 || tag == 4 || tag == 9 || tag == 10 || tag == 11 || tag == 12 || tag == 17 || tag == 18) {
                at += 5;
            } else {
                throw new Unpatchable("constant pool tag " + tag);
            }
        }
        poolEnd = at;
        nextIndex = count;
    }

    /** {@code classfile} with a check at the start of every method of {@code sinks}; null if none matched. */
    static byte[] patch(byte[] classfile, List<Sink> sinks) throws Unpatchable {
        return new SinkPatcher(classfile).patch(sinks);
    }

    private byte[] patch(List<Sink> sinks) throws Unpatchable {
        String owner = utf8(u2(entries[u2(poolEnd + 2)] + 1));
        int at = poolEnd + 6;
        at += 2 + 2 * u2(at);
        at = skipMembers(at);
        int methodsStart = at;
        int count = u2(at);
        at += 2;
        ByteArrayOutputStream methods = new ByteArrayOutputStream(in.length - at + 256);
        boolean changed = false;
        for (int m = 0; m < count; m++) {
            int access = u2(at);
            int name = u2(at + 2);
            int descriptor = u2(at + 4);
            int attributes = u2(at + 6);
            methods.write(in, at, 8);
            at += 8;
            Sink sink = (access & SKIPPED) == 0 ? matching(sinks, name, descriptor) : null;
            for (int a = 0; a < attributes; a++) {
                int length = u4(at + 2);
                if (sink != null && named(u2(at), "Code")) {
                    Prologue prologue = new Prologue(this, owner, (access & STATIC) != 0, utf8(descriptor));
                    CodeMover.write(this, at, named(name, "<init>"), prologue.of(sink), methods);
                    changed = true;
                } else {
                    methods.write(in, at, 6 + length);
                }
                at += 6 + length;
            }
        }
        if (!changed) {
            return null;
        }
        if (nextIndex > 0xffff) {
            throw new Unpatchable("constant pool full");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + added.size() + 512);
        out.write(in, 0, 8);
        out.write(nextIndex >>> 8);
        out.write(nextIndex);
        out.write(in, 10, poolEnd - 10);
        out.writeBytes(added.toByteArray());
        out.write(in, poolEnd, methodsStart - poolEnd);
        out.writeBytes(new byte[] { (byte) (count >>> 8), (byte) count });
        out.writeBytes(methods.toByteArray());
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    /*
     * This runs interpreted at JVM start, over every method of classes such as Thread and Field:
     * names are compared in the class file's bytes, and a descriptor is read only for a name that matched.
     */
    private Sink matching(List<Sink> sinks, int name, int descriptor) {
        String read = null;
        for (Sink sink : sinks) {
            if (named(name, sink.method())) {
                read = read == null ? utf8(descriptor) : read;
                if (read.startsWith(sink.descriptorPrefix())) {
                    return sink;
                }
            }
        }
        return null;
    }

    /** Whether constant {@code index}, a name, is {@code name} (an ASCII string). */
    private boolean named(int index, String name) {
        int entry = entries[index];
        int length = u2(entry + 1);
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((in[entry + 3 + i] & 0xff) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int skipMembers(int at) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            int attributes = u2(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                at += 6 + u4(at + 2);
            }
        }
        return at;
    }

    /** Whether constant {@code index} is a method reference named {@code <init>}. */
    boolean isConstructorRef(int index) {
        int entry = entries[index];
        if ((in[entry] & 0xff) != 10) {
            return false;
        }
        int nameAndType = entries[u2(entry + 3)];
        return named(u2(nameAndType + 1), "<init>");
    }

    /*
     * Names are compared with sinks' ASCII names, and written back byte for byte: ISO-8859-1 maps
     * each byte of modified UTF-8 to one char and back, so no decoding is needed.
     */
    String utf8(int index) {
        int entry = entries[index];
        return new String(in, entry + 3, u2(entry + 1), StandardCharsets.ISO_8859_1);
    }

    int utf8Constant(String value) {
        Integer known = addedIndex.get("utf8:" + value);
        if (known != null) {
            return known;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        added.write(1);
        writeU2(added, bytes.length);
        added.writeBytes(bytes);
        return remember("utf8:" + value);
    }

    int methodConstant(String owner, String name, String descriptor) {
        int type = refConstant(7, utf8Constant(owner), -1);
        int nameAndType = refConstant(12, utf8Constant(name), utf8Constant(descriptor));
        return refConstant(10, type, nameAndType);
    }

    int stringConstant(String value) {
        return refConstant(8, utf8Constant(value), -1);
    }

    private int refConstant(int tag, int first, int second) {
        String key = tag + ":" + first + ":" + second;
        Integer known = addedIndex.get(key);
        if (known != null) {
            return known;
        }
        added.write(tag);
        writeU2(added, first);
        if (second >= 0) {
            writeU2(added, second);
        }
        return remember(key);
    }

    private int remember(String key) {
        addedIndex.put(key, nextIndex);
        return nextIndex++;
    }

    byte[] bytes() {
        return in;
    }

    int u1(int at) {
        return in[at] & 0xff;
    }

    int u2(int at) {
        return (in[at] & 0xff) << 8 | in[at + 1] & 0xff;
    }

    int u4(int at) {
        return (in[at] & 0xff) << 24 | (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8 | in[at + 3] & 0xff;
    }

    static void writeU2(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    static void writeU4(ByteArrayOutputStream out, int value) {
        writeU2(out, value >>> 16);
        writeU2(out, value);
    }
}
