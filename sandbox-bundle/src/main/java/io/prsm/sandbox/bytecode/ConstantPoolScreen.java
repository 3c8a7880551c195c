package io.prsm.sandbox.bytecode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import org.objectweb.asm.ClassReader;

/**
 * A quick look at a class file's constant pool that clears most classes without walking their
 * code. Every reference the full scan checks is a pool entry: method and field references (also
 * behind method handles) with their member's name and descriptor, {@code new}, casts, the
 * superclass and class literals as {@code CONSTANT_Class} entries, and a lambda's interface in its
 * {@code invokedynamic}'s descriptor. A class none of whose entries the allow-list refuses has
 * nothing for the full scan to find.
 *
 * <p>The screen only ever answers "clear" or "look closer", and when it looks closer it says which
 * entries it flagged: the full scan must then account for every one of them (see where each is
 * used), or the class is refused. Dynamic call sites whose bootstraps it cannot tell apart from an
 * argument, dynamic constants, a Jackson {@code @JsonTypeInfo}, a method named {@code finalize}, and anything it cannot read send the
 * class to the full scan.
 *
 * <p>Concurrent semantics: immutable.
 */
final class ConstantPoolScreen {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_FIELDREF = 9;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;
    /**
     * Classes javac names in every class with a lambda, a concatenation, a record or a switch (the
     * bootstraps' owners, and {@code MethodHandles$Lookup} in the InnerClasses table): not flagged
     * for naming them alone. Any use of their members is still a member reference the screen flags.
     */
    private static final Set<String> JAVAC_ARTIFACTS = Set.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory", "java/lang/runtime/ObjectMethods",
            "java/lang/runtime/SwitchBootstraps", "java/lang/invoke/MethodHandles",
            "java/lang/invoke/MethodHandles$Lookup");
    private static final byte[] JSON_TYPE_INFO = ClassWalk.JSON_TYPE_INFO.getBytes(StandardCharsets.UTF_8);
    /** A method of this name may be a finalizer the full scan reports (declared, not called). */
    private static final byte[] FINALIZE = "finalize".getBytes(StandardCharsets.UTF_8);

    /** What the screen saw in a class. */
    enum Verdict {
        /** Nothing the full scan could report. */
        CLEAR,
        /** Entries the allow-list refuses: the full scan must find each where it is used. */
        MATCH,
        /** Dynamic call sites whose bootstraps only the full scan can tell apart. */
        DYNAMIC
    }

    /** A pool entry the allow-list refuses: a class ({@code member} null) or a member of one. */
    record Flag(String owner, String member, String descriptor) {
    }

    /** The verdict and the entries behind it. */
    record Screening(Verdict verdict, Set<Flag> flagged) {
        static final Screening CLEAR = new Screening(Verdict.CLEAR, Set.of());
        static final Screening UNREADABLE = new Screening(Verdict.MATCH, Set.of());
    }

    /** Whether the full scan could find something in this class under {@code rules}. */
    boolean needsFullScan(ClassReader reader, byte[] classFile, AllowRules rules) {
        return look(reader, classFile, rules).verdict() != Verdict.CLEAR;
    }

    /** What the full scan would find in this class under {@code rules}, as far as the pool tells. */
    Screening look(ClassReader reader, byte[] classFile, AllowRules rules) {
        return look(reader, classFile, rules, false);
    }

    /**
     * @param firstRefusal whether to stop at the first refused member reference: it refuses the class
     *        whatever else the pool holds, so a caller that wants only the verdict need not read on
     */
    Screening look(ClassReader reader, byte[] classFile, AllowRules rules, boolean firstRefusal) {
        try {
            return screen(reader, classFile, rules, firstRefusal);
        } catch (RuntimeException unreadable) {
            // the full scan reads the class properly and reports what is wrong with it
            return Screening.UNREADABLE;
        }
    }

    private Screening screen(ClassReader reader, byte[] classFile, AllowRules rules, boolean firstRefusal) {
        char[] buffer = new char[reader.getMaxStringLength()];
        boolean dynamic = false;
        // a plugin class may extend or implement only a type all of whose members are allowed
        boolean match = reader.getSuperName() != null && !rules.extensible(reader.getSuperName());
        for (String type : reader.getInterfaces()) {
            match |= !rules.extensible(type);
        }
        Set<Flag> flagged = null;
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0) {
                continue; // the second slot of a long or double
            }
            switch (classFile[offset - 1]) {
                case CONSTANT_UTF8 -> {
                    if (isUtf8(classFile, offset, JSON_TYPE_INFO) || isUtf8(classFile, offset, FINALIZE)) {
                        match = true;
                    }
                }
                case CONSTANT_CLASS -> {
                    String name = element(reader.readUTF8(offset, buffer));
                    if (name != null && !JAVAC_ARTIFACTS.contains(name) && !rules.allows(name, null, null)) {
                        flagged = add(flagged, new Flag(name, null, null));
                    }
                }
                case CONSTANT_FIELDREF, CONSTANT_METHODREF, CONSTANT_INTERFACE_METHODREF -> {
                    String owner = element(reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset)), buffer));
                    int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                    String member = reader.readUTF8(nameAndType, buffer);
                    // a descriptor is read only when an answer can depend on it: an entry naming one, or an
                    // object handed out (a member returning a primitive or nothing hands out nothing)
                    String descriptor = returnsObject(reader, classFile, nameAndType + 2)
                            || rules.needsDescriptor(owner) ? reader.readUTF8(nameAndType + 2, buffer) : null;
                    if (owner == null) {
                        owner = "java/lang/Object";
                    }
                    if (BytecodeScanner.isCompilerBootstrap(owner, member)) {
                        // javac's own bootstraps, behind the method handles of lambdas, concatenation, records
                        continue;
                    }
                    if ("getResourceAsStream".equals(member) && "java/lang/Class".equals(owner)) {
                        // allowed on the plugin's own class literal only: the walk tells which
                        match = true;
                        continue;
                    }
                    if (!rules.allows(owner, member, descriptor) || descriptor != null
                            && !owner.equals(reader.getClassName()) && rules.descriptorRefusal(descriptor) != null) {
                        flagged = add(flagged, new Flag(owner, member, descriptor != null ? descriptor
                                : reader.readUTF8(nameAndType + 2, buffer)));
                        if (firstRefusal) {
                            return new Screening(Verdict.MATCH, flagged);
                        }
                    }
                }
                case CONSTANT_INVOKE_DYNAMIC -> {
                    dynamic = true;
                    int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                    String descriptor = reader.readUTF8(nameAndType + 2, buffer);
                    String made = descriptor.substring(descriptor.lastIndexOf(')') + 1);
                    if (made.startsWith("L") && !rules.allows(made.substring(1, made.length() - 1), null, null)) {
                        match = true;
                    }
                }
                case CONSTANT_DYNAMIC -> match = true;
                default -> {
                    // other entries name nothing the scan checks on their own
                }
            }
        }
        if (flagged != null) {
            return new Screening(Verdict.MATCH, flagged);
        }
        if (match) {
            return new Screening(Verdict.MATCH, Set.of());
        }
        return dynamic && hasHandleOutsideCompilerBootstraps(reader, classFile, buffer)
                ? new Screening(Verdict.DYNAMIC, Set.of()) : Screening.CLEAR;
    }

    private static Set<Flag> add(Set<Flag> flagged, Flag entry) {
        Set<Flag> set = flagged == null ? new LinkedHashSet<>() : flagged;
        set.add(entry);
        return set;
    }

    /** The class an entry names: the element class of an array, null for an array of primitives. */
    static String element(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        int start = name.lastIndexOf('[') + 1;
        return name.charAt(start) == 'L' ? name.substring(start + 1, name.length() - 1) : null;
    }

    /** Whether the descriptor at {@code index} (a UTF8 index in the NameAndType) ends in an object or array type. */
    private static boolean returnsObject(ClassReader reader, byte[] classFile, int index) {
        int utf8 = reader.getItem(reader.readUnsignedShort(index));
        int length = ((classFile[utf8] & 0xFF) << 8) | (classFile[utf8 + 1] & 0xFF);
        byte last = classFile[utf8 + 2 + length - 1];
        // a descriptor ending in ';' names a class last: the return type, or the field's type
        return last == ';';
    }

    private static boolean isUtf8(byte[] classFile, int offset, byte[] text) {
        int length = ((classFile[offset] & 0xFF) << 8) | (classFile[offset + 1] & 0xFF);
        if (length != text.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (classFile[offset + 2 + i] != text[i]) {
                return false;
            }
        }
        return true;
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
                if (!BytecodeScanner.isCompilerBootstrapOwner(reader.readUTF8(owner, buffer))) {
                    return true;
                }
            }
        }
        return false;
    }
}
