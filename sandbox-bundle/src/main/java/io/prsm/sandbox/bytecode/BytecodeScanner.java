package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
    static final int DETAILED_CLASSES = 16;

    /** Bootstrap methods javac emits for lambdas, string concatenation, records and switches, by owner. */
    private static final Map<String, Set<String>> COMPILER_BOOTSTRAPS = Map.of(
            "java/lang/invoke/LambdaMetafactory", Set.of("metafactory", "altMetafactory"),
            "java/lang/invoke/StringConcatFactory", Set.of("makeConcatWithConstants", "makeConcat"),
            "java/lang/runtime/ObjectMethods", Set.of("bootstrap"),
            "java/lang/runtime/SwitchBootstraps", Set.of("typeSwitch", "enumSwitch"));

    private final Supplier<AllowList> allowList;
    private final ClassCheck classCheck;
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
        this.classCheck = new ClassCheck(screened);
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
                classCheck.check(reader.read(entry.entry()), entry.entry(), rules, detailed, true);
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
                    boolean screenOnly = classCheck.check(content, entry, rules, violations, false);
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
            classCheck.check(classFile, "(class being defined)", allowList.get().rules(level), violations, true);
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
                    classCheck.check(budget.read(zip, path), name, rules, violations, refused < DETAILED_CLASSES);
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
}
