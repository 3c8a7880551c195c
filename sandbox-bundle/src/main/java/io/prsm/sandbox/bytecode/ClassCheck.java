package io.prsm.sandbox.bytecode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.ClassReader;

import io.prsm.api.SecurityLevel;

/**
 * The check of one class file for {@link BytecodeScanner}: the constant pool screen first, then,
 * where it flags something, the walk of the class ({@link ClassWalk}); every reference the pool
 * names that the walk does not find in use is refused, and so is a class that cannot be read.
 *
 * <p>Concurrent semantics: immutable; checks any number of classes on any number of threads.
 */
final class ClassCheck {

    private final DenyList dangers = DenyList.standard();
    private final ConstantPoolScreen screen = new ConstantPoolScreen();
    private final boolean screened;

    /** @param screened whether a class the constant pool clears skips the full scan (tests compare both) */
    ClassCheck(boolean screened) {
        this.screened = screened;
    }

    /**
     * @param walkRefused whether a class the screen already refuses is walked for method and line
     * @return whether the class was refused from the screen alone, without a walk
     */
    boolean check(byte[] classFile, String entryName, AllowRules rules, List<Violation> violations,
            boolean walkRefused) {
        SecurityLevel level = rules.level();
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (RuntimeException unreadable) {
            violations.add(new Violation(entryName, "<class>", -1, entryName, "a class file that cannot be read "
                    + "(" + unreadable + ") cannot be checked, so it", level));
            return false;
        }
        // a class refused at its first refused member reference needs no more of its pool read, unless it is walked
        ConstantPoolScreen.Screening seen = screen.look(reader, classFile, rules, !walkRefused && screened);
        if (!screened) {
            seen = new ConstantPoolScreen.Screening(ConstantPoolScreen.Verdict.MATCH, seen.flagged());
        }
        if (seen.verdict() == ConstantPoolScreen.Verdict.CLEAR) {
            return false;
        }
        if (!walkRefused && seen.flagged().stream().anyMatch(flag -> flag.member() != null)) {
            reportFromScreen(reader.getClassName(), seen, rules, violations);
            return true;
        }
        Set<Violation> found = new LinkedHashSet<>();
        ClassWalk scan = null;
        try {
            if (seen.verdict() == ConstantPoolScreen.Verdict.DYNAMIC) {
                // line numbers only matter for a report, which a class with lambdas rarely needs
                scan = new ClassWalk(rules, dangers, found);
                reader.accept(scan, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            }
            if (seen.verdict() == ConstantPoolScreen.Verdict.MATCH || !found.isEmpty()) {
                found.clear();
                scan = new ClassWalk(rules, dangers, found);
                reader.accept(scan, ClassReader.SKIP_FRAMES);
            }
            for (ConstantPoolScreen.Flag flagged : seen.flagged()) {
                if (!scan.accounted.contains(flagged)) {
                    // a reference the pool names but no place the walk reads uses: refused, not trusted
                    String api = AllowRules.dotted(flagged.owner()) + (flagged.member() == null ? ""
                            : "." + flagged.member());
                    found.add(new Violation(reader.getClassName().replace('/', '.'), "<class>", -1, api,
                            "a reference in the constant pool that no instruction or declaration the scan reads uses",
                            level));
                }
            }
        } catch (RuntimeException malformed) {
            found.add(new Violation(reader.getClassName().replace('/', '.'), "<class>", -1, entryName,
                    "a malformed class file (" + malformed + ") cannot be checked, so it", level));
        }
        violations.addAll(found);
        return false;
    }

    /**
     * A refused class past the detail budget: the first refused member reference its pool names,
     * without method and line. A refused member reference refuses the class wherever it is used (and
     * if it is used nowhere, the walk would refuse it as unaccounted for).
     */
    private void reportFromScreen(String internalName, ConstantPoolScreen.Screening seen, AllowRules rules,
            List<Violation> violations) {
        for (ConstantPoolScreen.Flag flag : seen.flagged()) {
            if (flag.member() == null) {
                // a class named only in the InnerClasses table or a throws clause is harmless: only members count here
                continue;
            }
            String refused = rules.refusal(flag.owner(), flag.member(), flag.descriptor());
            if (refused == null && flag.descriptor() != null) {
                refused = rules.descriptorRefusal(flag.descriptor());
            }
            String member = flag.member() == null ? "<class>" : flag.member();
            String danger = dangers.match(flag.owner(), member, rules.level()).map(DenyRule::reason)
                    .orElse("an API outside the allow-list");
            violations.add(new Violation(internalName.replace('/', '.'), "(the first refused use; past the first "
                    + BytecodeScanner.DETAILED_CLASSES + " refused classes only that is named)", -1,
                    AllowRules.dotted(flag.owner()) + "." + member, danger, rules.level(), refused));
        }
    }
}
