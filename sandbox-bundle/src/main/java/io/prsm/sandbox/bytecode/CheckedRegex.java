package io.prsm.sandbox.bytecode;

import java.util.Map;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Sends the regular expressions of untrusted plugin code through {@code io.prsm.api.containment.CheckedText},
 * whose text is checked at every character the JDK's matcher reads: a pattern that backtracks
 * exponentially runs JDK code only, which no woven check reaches, and its thread could not be
 * stopped. Each call below is replaced by a static call of the same result that takes the
 * bundle id last.
 *
 * <p>Concurrent semantics: stateless.
 */
final class CheckedRegex {

    private static final String TEXT = "io/prsm/api/containment/CheckedText";

    /** {@code owner.name descriptor} to the name and descriptor (without the bundle id) in {@link #TEXT}. */
    private static final Map<String, String[]> CALLS = Map.of(
            "java/util/regex/Pattern.matcher(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;",
            new String[] { "matcher", "(Ljava/util/regex/Pattern;Ljava/lang/CharSequence;" , ")Ljava/util/regex/Matcher;" },
            "java/util/regex/Pattern.matches(Ljava/lang/String;Ljava/lang/CharSequence;)Z",
            new String[] { "matches", "(Ljava/lang/String;Ljava/lang/CharSequence;", ")Z" },
            "java/util/regex/Matcher.reset(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;",
            new String[] { "reset", "(Ljava/util/regex/Matcher;Ljava/lang/CharSequence;", ")Ljava/util/regex/Matcher;" },
            "java/lang/String.matches(Ljava/lang/String;)Z",
            new String[] { "stringMatches", "(Ljava/lang/String;Ljava/lang/String;", ")Z" },
            "java/lang/String.replaceAll(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            new String[] { "replaceAll", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;", ")Ljava/lang/String;" },
            "java/lang/String.replaceFirst(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            new String[] { "replaceFirst", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;", ")Ljava/lang/String;" },
            "java/lang/String.split(Ljava/lang/String;)[Ljava/lang/String;",
            new String[] { "split", "(Ljava/lang/String;Ljava/lang/String;", ")[Ljava/lang/String;" },
            "java/lang/String.split(Ljava/lang/String;I)[Ljava/lang/String;",
            new String[] { "split", "(Ljava/lang/String;Ljava/lang/String;I", ")[Ljava/lang/String;" });

    private CheckedRegex() {
    }

    /**
     * Writes the checked call in place of {@code owner.name descriptor} to {@code next} and says
     * so, or writes nothing and answers false when the call is not one of them. The bundle id
     * takes two slots of the stack above the call's arguments; the weaver counts them.
     */
    static boolean replace(MethodVisitor next, int opcode, String owner, String name, String descriptor,
            long bundleId) {
        if (opcode == Opcodes.INVOKESPECIAL || opcode == Opcodes.INVOKEINTERFACE) {
            return false;
        }
        String[] checked = CALLS.get(owner + "." + name + descriptor);
        // Pattern.matches is the one static among them
        boolean isStatic = opcode == Opcodes.INVOKESTATIC;
        if (checked == null || isStatic != (owner.equals("java/util/regex/Pattern") && name.equals("matches"))) {
            return false;
        }
        next.visitLdcInsn(bundleId);
        next.visitMethodInsn(Opcodes.INVOKESTATIC, TEXT, checked[0], checked[1] + "J" + checked[2], false);
        return true;
    }
}
