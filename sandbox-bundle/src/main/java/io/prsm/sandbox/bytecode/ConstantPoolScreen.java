package io.prsm.sandbox.bytecode;

import org.objectweb.asm.ClassReader;

import io.prsm.api.SecurityLevel;

/**
 * A quick look at a class file's constant pool that clears most classes without walking their
 * code. Every reference the full scan checks is a pool entry: method and field references (also
 * behind method handles) with their member's name, {@code new}, the superclass and class literals
 * as {@code CONSTANT_Class} entries, and a lambda's interface in its {@code invokedynamic}'s
 * descriptor. A class none of whose entries matches a rule has nothing for the full scan to find.
 *
 * <p>The screen only ever answers "clear" or "look closer": {@code invokedynamic} and dynamic
 * constants with a bootstrap it cannot tell apart from an argument, and anything it cannot read,
 * send the class to the full scan.
 *
 * <p>Concurrent semantics: immutable.
 */
final class ConstantPoolScreen {

    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_FIELDREF = 9;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;

    private final DenyList denyList;

    ConstantPoolScreen(DenyList denyList) {
        this.denyList = denyList;
    }

    /** What the screen saw in a class. */
    enum Verdict {
        /** Nothing the full scan could report. */
        CLEAR,
        /** A reference a rule matches: the full scan will report it. */
        MATCH,
        /** Dynamic call sites whose bootstraps only the full scan can tell apart. */
        DYNAMIC
    }

    /** Whether the full scan could find something in this class at {@code level}. */
    boolean needsFullScan(ClassReader reader, byte[] classFile, SecurityLevel level) {
        return look(reader, classFile, level) != Verdict.CLEAR;
    }

    /** What the full scan would find in this class at {@code level}, as far as the pool tells. */
    Verdict look(ClassReader reader, byte[] classFile, SecurityLevel level) {
        try {
            return screen(reader, classFile, level);
        } catch (RuntimeException unreadable) {
            // the full scan reads the class properly and reports what is wrong with it
            return Verdict.MATCH;
        }
    }

    private Verdict screen(ClassReader reader, byte[] classFile, SecurityLevel level) {
        char[] buffer = new char[reader.getMaxStringLength()];
        boolean dynamic = false;
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0) {
                continue; // the second slot of a long or double
            }
            switch (classFile[offset - 1]) {
                case CONSTANT_CLASS -> {
                    // what a class entry alone can stand for: new, the superclass, a class literal
                    String name = reader.readUTF8(offset, buffer);
                    if (!name.startsWith("[") && (forbids(name, "<init>", level) || forbids(name, "<extends>", level)
                            || forbids(name, "<class>", level))) {
                        return Verdict.MATCH;
                    }
                }
                case CONSTANT_FIELDREF, CONSTANT_METHODREF, CONSTANT_INTERFACE_METHODREF -> {
                    String owner = reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset)), buffer);
                    int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                    String member = reader.readUTF8(nameAndType, buffer);
                    if (forbids(owner.startsWith("[") ? "java/lang/Object" : owner, member, level)) {
                        return Verdict.MATCH;
                    }
                }
                case CONSTANT_INVOKE_DYNAMIC -> {
                    dynamic = true;
                    int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                    String descriptor = reader.readUTF8(nameAndType + 2, buffer);
                    String made = descriptor.substring(descriptor.lastIndexOf(')') + 1);
                    if (made.startsWith("L") && forbids(made.substring(1, made.length() - 1), "<class>", level)) {
                        return Verdict.MATCH;
                    }
                }
                case CONSTANT_DYNAMIC -> dynamic = true;
                default -> {
                    // other entries name nothing the scan checks on their own
                }
            }
        }
        return dynamic && hasHandleOutsideCompilerBootstraps(reader, classFile, buffer) ? Verdict.DYNAMIC
                : Verdict.CLEAR;
    }

    /**
     * With dynamic call sites, every method handle that is not to a compiler bootstrap could be a
     * bootstrap of the class's own: only the full scan, which reads the bootstrap table, can tell.
     */
    private boolean hasHandleOutsideCompilerBootstraps(ClassReader reader, byte[] classFile, char[] buffer) {
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset != 0 && classFile[offset - 1] == CONSTANT_METHOD_HANDLE) {
                int member = reader.getItem(reader.readUnsignedShort(offset + 1));
                int tag = classFile[member - 1];
                if (tag != CONSTANT_METHODREF && tag != CONSTANT_INTERFACE_METHODREF && tag != CONSTANT_FIELDREF) {
                    return true;
                }
                int owner = reader.getItem(reader.readUnsignedShort(member));
                if (!denyList.isCompilerBootstrap(reader.readUTF8(owner, buffer))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean forbids(String owner, String member, SecurityLevel level) {
        return denyList.match(owner, member, level).isPresent();
    }
}
