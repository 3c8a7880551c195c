package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.objectweb.asm.ClassReader;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.JarBudget;
import io.prsm.limits.JarLimits;

/**
 * Reads a plugin's classes with ASM and reports every reference its level's {@link AllowList}
 * does not allow: method calls, field accesses (and the JDK types their descriptors pass or
 * return), object creation, casts and type tests, caught exceptions, superclasses and interfaces
 * (only JDK types all of whose members are allowed), class literals, lambdas implementing an
 * interface it does not allow, method references, and every bootstrap javac does not emit itself:
 * any dynamic constant, method handle or method type constant. Jars nested in the plugin jar (a
 * {@code Bundle-ClassPath}) are scanned too, so code cannot hide there. A class that cannot be read
 * is reported, not skipped, and so is one whose constant pool names a refused reference the walk
 * does not find in use: the scan fails closed.
 * Entries are read within the {@link JarLimits} (counted, bounded as they inflate, jars nested at
 * most so deep): a jar over a limit fails the scan with an {@link io.prsm.limits.OverLimitException}.
 *
 * <p>Each violation names the entry the allow-list would need, and, where {@link DenyList} knows
 * it, what the API would give the plugin.
 *
 * <p>Concurrent semantics: immutable; one scanner serves any number of threads. The allow-list
 * is read once per scan from its supplier, so a policy reload applies to the next scan.
 */
public final class BytecodeScanner {

    /** Fewer entries than this per thread are not worth a hand-off. */
    private static final int MIN_CHUNK = 32;
    /**
     * How many refused classes of a jar (the first, in entry order) are walked for the method and
     * line of each use. A class whose constant pool names a refused member reference is refused
     * whatever the walk finds, so the rest are reported from the screen alone (class and API, no
     * line): a jar full of forbidden code costs little more to refuse than a clean one.
     */
    private static final int DETAILED_CLASSES = 16;

    /** Bootstrap methods javac emits for lambdas, string concatenation, records and switches, by owner. */
    private static final Map<String, Set<String>> COMPILER_BOOTSTRAPS = Map.of(
            "java/lang/invoke/LambdaMetafactory", Set.of("metafactory", "altMetafactory"),
            "java/lang/invoke/StringConcatFactory", Set.of("makeConcatWithConstants", "makeConcat"),
            "java/lang/runtime/ObjectMethods", Set.of("bootstrap"),
            "java/lang/runtime/SwitchBootstraps", Set.of("typeSwitch", "enumSwitch"));

    private final Supplier<AllowList> allowList;
    private final DenyList dangers = DenyList.standard();
    private final ConstantPoolScreen screen = new ConstantPoolScreen();
    private final boolean screened;
    private final JarLimits limits;

    public BytecodeScanner(AllowList allowList) {
        this(() -> allowList, true, JarLimits.DEFAULTS);
    }

    /** @param allowList the list in force, asked once per scan (the policy may extend it) */
    public BytecodeScanner(Supplier<AllowList> allowList) {
        this(allowList, true, JarLimits.DEFAULTS);
    }

    /**
     * @param allowList the list in force, asked once per scan (the policy may extend it)
     * @param limits how much of a jar the scan reads before it refuses the jar
     */
    public BytecodeScanner(Supplier<AllowList> allowList, JarLimits limits) {
        this(allowList, true, limits);
    }

    /** @param screened whether a class the constant pool clears skips the full scan (tests compare both) */
    BytecodeScanner(Supplier<AllowList> allowList, boolean screened) {
        this(allowList, screened, JarLimits.DEFAULTS);
    }

    private BytecodeScanner(Supplier<AllowList> allowList, boolean screened, JarLimits limits) {
        this.allowList = allowList;
        this.screened = screened;
        this.limits = limits;
    }

    public JarLimits limits() {
        return limits;
    }

    /** Whether javac itself writes bootstraps with this owner (the screen's first cut). */
    static boolean isCompilerBootstrapOwner(String owner) {
        return COMPILER_BOOTSTRAPS.containsKey(owner);
    }

    /** The names of javac's bootstrap methods of {@code owner}, or null when javac writes none there. */
    static Set<String> compilerBootstraps(String owner) {
        return COMPILER_BOOTSTRAPS.get(owner);
    }

    /** Whether {@code owner.name} is a bootstrap method javac writes itself. */
    static boolean isCompilerBootstrap(String owner, String name) {
        Set<String> names = COMPILER_BOOTSTRAPS.get(owner);
        return names != null && names.contains(name);
    }

    /** The list in force now. */
    public AllowList allowList() {
        return allowList.get();
    }

    /** Scans every class in {@code jar}; a trusted plugin is not scanned. */
    public ScanReport scanJar(byte[] jar, SecurityLevel level) throws IOException {
        List<Violation> violations = new ArrayList<>();
        int classes = level == SecurityLevel.TRUSTED ? 0
                : scanJar(jar, allowList.get().rules(level), violations, new JarBudget(limits), "", 0);
        return new ScanReport(level, classes, violations);
    }

    /** Reads one entry of a plugin, by its path. */
    @FunctionalInterface
    public interface EntryReader {
        byte[] read(String entry) throws IOException;
    }

    /**
     * Scans the classes and nested jars among {@code entries}, as many at once as
     * {@code parallelism}: a chunk of them on the calling thread, the other chunks on
     * {@code executor}. Reading an entry (inflating it) costs as much as checking it, so both run
     * on every core; the violations come back in the order of {@code entries}.
     *
     * @return the number of classes scanned and what they violate
     */
    public ScanReport scanEntries(List<String> entries, EntryReader reader, SecurityLevel level, Executor executor,
            int parallelism) throws IOException {
        if (level == SecurityLevel.TRUSTED) {
            return new ScanReport(level, 0, List.of());
        }
        AllowRules rules = allowList.get().rules(level);
        List<String> code = entries.stream().filter(BytecodeScanner::isCode).toList();
        // the jars nested in the plugin share one budget, whichever thread reads them
        JarBudget nested = new JarBudget(limits);
        int chunks = Math.max(1, Math.min(parallelism, code.size() / MIN_CHUNK));
        List<CompletableFuture<List<Scanned>>> others = new ArrayList<>();
        int size = (code.size() + chunks - 1) / chunks;
        for (int chunk = 1; chunk < chunks; chunk++) {
            List<String> part = code.subList(Math.min(code.size(), chunk * size), Math.min(code.size(), (chunk + 1) * size));
            others.add(CompletableFuture.supplyAsync(() -> scanChunk(part, reader, rules, nested), executor));
        }
        List<Scanned> scanned = new ArrayList<>();
        try {
            scanned.addAll(scanChunk(code.subList(0, Math.min(code.size(), size)), reader, rules, nested));
            for (CompletableFuture<List<Scanned>> other : others) {
                scanned.addAll(other.join());
            }
            detailFirstRefused(scanned, reader, rules);
        } catch (UncheckedIOException | CompletionException failed) {
            Throwable cause = failed instanceof CompletionException ? failed.getCause() : failed;
            if (cause instanceof UncheckedIOException unreadable) {
                throw unreadable.getCause();
            }
            throw failed;
        }
        List<Violation> violations = new ArrayList<>();
        int classes = 0;
        for (Scanned entry : scanned) {
            classes += entry.classes();
            violations.addAll(entry.violations());
        }
        return new ScanReport(level, classes, violations);
    }

    /** What one entry of a plugin gave: its violations, and whether they were read off the screen alone. */
    private record Scanned(String entry, int classes, List<Violation> violations, boolean screenOnly) {
    }

    /**
     * Walks the first {@value #DETAILED_CLASSES} refused classes in entry order again, for the
     * method and line of each use: the same ones whatever the number of threads.
     */
    private void detailFirstRefused(List<Scanned> scanned, EntryReader reader, AllowRules rules) throws IOException {
        int refused = 0;
        for (int i = 0; i < scanned.size() && refused < DETAILED_CLASSES; i++) {
            Scanned entry = scanned.get(i);
            if (entry.violations().isEmpty()) {
                continue;
            }
            refused++;
            if (entry.screenOnly()) {
                List<Violation> detailed = new ArrayList<>();
                scanClass(reader.read(entry.entry()), entry.entry(), rules, detailed, true);
                scanned.set(i, new Scanned(entry.entry(), entry.classes(), detailed, false));
            }
        }
    }

    private static boolean isCode(String entry) {
        return entry.endsWith(".class") && !entry.endsWith("module-info.class") || entry.endsWith(".jar");
    }

    private List<Scanned> scanChunk(List<String> entries, EntryReader reader, AllowRules rules, JarBudget nested) {
        List<Scanned> scanned = new ArrayList<>();
        try {
            for (String entry : entries) {
                byte[] content = reader.read(entry);
                List<Violation> violations = new ArrayList<>();
                if (entry.endsWith(".jar")) {
                    nested.checkNesting(entry, 1);
                    int classes = scanJar(content, rules, violations, nested, entry + "!/", 1);
                    scanned.add(new Scanned(entry, classes, violations, false));
                } else {
                    boolean screenOnly = scanClass(content, entry, rules, violations, false);
                    scanned.add(new Scanned(entry, 1, violations, screenOnly));
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return scanned;
    }

    /** Scans one class file, as a weaving hook sees it when the class is defined. */
    public List<Violation> scanClass(byte[] classFile, SecurityLevel level) {
        List<Violation> violations = new ArrayList<>();
        if (level != SecurityLevel.TRUSTED) {
            scanClass(classFile, "(class being defined)", allowList.get().rules(level), violations, true);
        }
        return violations;
    }

    /**
     * Scans the classes of {@code jar}, found at {@code prefix} ({@code ""} for the plugin jar,
     * {@code lib/a.jar!/} for a jar nested {@code depth} deep), reading within {@code budget}.
     */
    private int scanJar(byte[] jar, AllowRules rules, List<Violation> violations, JarBudget budget, String prefix,
            int depth) throws IOException {
        int refused = 0;
        int classes = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                String path = prefix + name;
                budget.countEntry(path);
                budget.checkDeclared(path, entry.getCompressedSize(), entry.getSize());
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    int before = violations.size();
                    scanClass(budget.read(zip, path), name, rules, violations, refused < DETAILED_CLASSES);
                    refused += violations.size() > before ? 1 : 0;
                    classes++;
                } else if (name.endsWith(".jar")) {
                    // deeper than the limit is not a plugin layout but an attempt to outrun the scan
                    budget.checkNesting(path, depth + 1);
                    classes += scanJar(budget.read(zip, path), rules, violations, budget, path + "!/", depth + 1);
                }
            }
        }
        return classes;
    }

    /**
     * @param walkRefused whether a class the screen already refuses is walked for method and line
     * @return whether the class was refused from the screen alone, without a walk
     */
    private boolean scanClass(byte[] classFile, String entryName, AllowRules rules, List<Violation> violations,
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
                    + DETAILED_CLASSES + " refused classes only that is named)", -1,
                    AllowRules.dotted(flag.owner()) + "." + member, danger, rules.level(), refused));
        }
    }
}
