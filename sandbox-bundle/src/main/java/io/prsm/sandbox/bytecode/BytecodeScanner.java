package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.JarBudget;
import io.prsm.limits.JarLimits;

/**
 * Reads a plugin's classes with ASM and reports every reference to an API its security level
 * forbids: method calls, field accesses, object creation, superclasses, class literals, lambdas
 * implementing a forbidden interface, method references and method handle constants, and
 * invokedynamic bootstraps that javac does not emit itself. Jars
 * nested in the plugin jar (a {@code Bundle-ClassPath}) are scanned too, so code cannot hide
 * there. A class that cannot be read is reported, not skipped: the scan fails closed. Entries are
 * read within the {@link JarLimits} (counted, bounded as they inflate, jars nested at most so
 * deep): a jar over a limit fails the scan with an {@link io.prsm.limits.OverLimitException}.
 *
 * <p>Concurrent semantics: immutable; one scanner serves any number of threads.
 */
public final class BytecodeScanner {

    /** Fewer entries than this per thread are not worth a hand-off. */
    private static final int MIN_CHUNK = 32;

    private final DenyList denyList;
    private final ConstantPoolScreen screen;
    private final JarLimits limits;

    public BytecodeScanner(DenyList denyList) {
        this(denyList, JarLimits.DEFAULTS);
    }

    /** @param limits how much of a jar the scan reads before it refuses the jar */
    public BytecodeScanner(DenyList denyList, JarLimits limits) {
        this(denyList, true, limits);
    }

    /** @param screened whether a class the constant pool clears skips the full scan (tests compare both) */
    BytecodeScanner(DenyList denyList, boolean screened) {
        this(denyList, screened, JarLimits.DEFAULTS);
    }

    private BytecodeScanner(DenyList denyList, boolean screened, JarLimits limits) {
        this.denyList = denyList;
        this.screen = screened ? new ConstantPoolScreen(denyList) : null;
        this.limits = limits;
    }

    public JarLimits limits() {
        return limits;
    }

    /** Scans every class in {@code jar}; a trusted plugin is not scanned. */
    public ScanReport scanJar(byte[] jar, SecurityLevel level) throws IOException {
        List<Violation> violations = new ArrayList<>();
        int classes = level == SecurityLevel.TRUSTED ? 0
                : scanJar(jar, level, violations, new JarBudget(limits), "", 0);
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
        List<String> code = entries.stream().filter(BytecodeScanner::isCode).toList();
        // the jars nested in the plugin share one budget, whichever thread reads them
        JarBudget nested = new JarBudget(limits);
        int chunks = Math.max(1, Math.min(parallelism, code.size() / MIN_CHUNK));
        List<CompletableFuture<ScanReport>> others = new ArrayList<>();
        int size = (code.size() + chunks - 1) / chunks;
        for (int chunk = 1; chunk < chunks; chunk++) {
            List<String> part = code.subList(Math.min(code.size(), chunk * size), Math.min(code.size(), (chunk + 1) * size));
            others.add(CompletableFuture.supplyAsync(() -> scanChunk(part, reader, level, nested), executor));
        }
        List<ScanReport> parts = new ArrayList<>();
        try {
            parts.add(scanChunk(code.subList(0, Math.min(code.size(), size)), reader, level, nested));
            for (CompletableFuture<ScanReport> other : others) {
                parts.add(other.join());
            }
        } catch (UncheckedIOException | CompletionException failed) {
            Throwable cause = failed instanceof CompletionException ? failed.getCause() : failed;
            if (cause instanceof UncheckedIOException unreadable) {
                throw unreadable.getCause();
            }
            throw failed;
        }
        List<Violation> violations = new ArrayList<>();
        int classes = 0;
        for (ScanReport part : parts) {
            classes += part.classesScanned();
            violations.addAll(part.violations());
        }
        return new ScanReport(level, classes, violations);
    }

    private static boolean isCode(String entry) {
        return entry.endsWith(".class") && !entry.endsWith("module-info.class") || entry.endsWith(".jar");
    }

    private ScanReport scanChunk(List<String> entries, EntryReader reader, SecurityLevel level, JarBudget nested) {
        List<Violation> violations = new ArrayList<>();
        int classes = 0;
        try {
            for (String entry : entries) {
                byte[] content = reader.read(entry);
                if (entry.endsWith(".jar")) {
                    nested.checkNesting(entry, 1);
                    classes += scanJar(content, level, violations, nested, entry + "!/", 1);
                } else {
                    scanClass(content, entry, level, violations);
                    classes++;
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return new ScanReport(level, classes, violations);
    }

    /** Scans one class file, as a weaving hook sees it when the class is defined. */
    public List<Violation> scanClass(byte[] classFile, SecurityLevel level) {
        List<Violation> violations = new ArrayList<>();
        if (level != SecurityLevel.TRUSTED) {
            scanClass(classFile, "(class being defined)", level, violations);
        }
        return violations;
    }

    /**
     * Scans the classes of {@code jar}, found at {@code prefix} ({@code ""} for the plugin jar,
     * {@code lib/a.jar!/} for a jar nested {@code depth} deep), reading within {@code budget}.
     */
    private int scanJar(byte[] jar, SecurityLevel level, List<Violation> violations, JarBudget budget, String prefix,
            int depth) throws IOException {
        int classes = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                String path = prefix + name;
                budget.countEntry(path);
                budget.checkDeclared(path, entry.getCompressedSize(), entry.getSize());
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    scanClass(budget.read(zip, path), name, level, violations);
                    classes++;
                } else if (name.endsWith(".jar")) {
                    // deeper than the limit is not a plugin layout but an attempt to outrun the scan
                    budget.checkNesting(path, depth + 1);
                    classes += scanJar(budget.read(zip, path), level, violations, budget, path + "!/", depth + 1);
                }
            }
        }
        return classes;
    }

    private void scanClass(byte[] classFile, String entryName, SecurityLevel level, List<Violation> violations) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (RuntimeException unreadable) {
            violations.add(new Violation(entryName, "<class>", -1, entryName, "a class file that cannot be read "
                    + "(" + unreadable + ") cannot be checked, so it", level));
            return;
        }
        ConstantPoolScreen.Verdict seen = screen == null ? ConstantPoolScreen.Verdict.MATCH
                : screen.look(reader, classFile, level);
        if (seen == ConstantPoolScreen.Verdict.CLEAR) {
            return;
        }
        Set<Violation> found = new LinkedHashSet<>();
        try {
            if (seen == ConstantPoolScreen.Verdict.DYNAMIC) {
                // line numbers only matter for a report, which a class with lambdas rarely needs
                reader.accept(new ClassScan(level, found), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            }
            if (seen == ConstantPoolScreen.Verdict.MATCH || !found.isEmpty()) {
                found.clear();
                reader.accept(new ClassScan(level, found), ClassReader.SKIP_FRAMES);
            }
        } catch (RuntimeException malformed) {
            found.add(new Violation(reader.getClassName().replace('/', '.'), "<class>", -1, entryName,
                    "a malformed class file (" + malformed + ") cannot be checked, so it", level));
        }
        violations.addAll(found);
    }

    /** Collects the violations of one class; a set, so a loop calling one API is reported once per line. */
    private final class ClassScan extends ClassVisitor {
        private final SecurityLevel level;
        private final Set<Violation> found;
        private String className;

        ClassScan(SecurityLevel level, Set<Violation> found) {
            super(Opcodes.ASM9);
            this.level = level;
            this.found = found;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            className = name.replace('/', '.');
            if (superName != null) {
                check(superName, "<extends>", "<class>", -1);
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            return new MethodScan(name + descriptor);
        }

        private void check(String owner, String member, String method, int line) {
            denyList.match(owner, member, level).ifPresent(rule -> found.add(new Violation(className, method, line,
                    owner.replace('/', '.') + ("<extends>".equals(member) ? "" : "." + member), rule.reason(), level)));
        }

        private final class MethodScan extends MethodVisitor {
            private final String method;
            private int line = -1;

            MethodScan(String method) {
                super(Opcodes.ASM9);
                this.method = method;
            }

            @Override
            public void visitLineNumber(int number, Label start) {
                line = number;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                check(arrayElement(owner), name, method, line);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                check(owner, name, method, line);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW) {
                    check(type, "<init>", method, line);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                if (value instanceof ConstantDynamic constant) {
                    checkBootstrap(constant.getBootstrapMethod(), "a dynamic constant bootstrap");
                    for (int i = 0; i < constant.getBootstrapMethodArgumentCount(); i++) {
                        if (constant.getBootstrapMethodArgument(i) instanceof Handle handle) {
                            check(handle.getOwner(), handle.getName(), method, line);
                        }
                    }
                } else if (value instanceof Handle handle) {
                    check(handle.getOwner(), handle.getName(), method, line);
                } else if (value instanceof Type type && type.getSort() == Type.OBJECT) {
                    // a class literal, such as FindHook.class handed to registerService
                    check(type.getInternalName(), "<class>", method, line);
                }
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                Type made = Type.getReturnType(descriptor);
                if (made.getSort() == Type.OBJECT) {
                    // a lambda implementing a forbidden interface, such as a FindHook
                    check(made.getInternalName(), "<class>", method, line);
                }
                checkBootstrap(bootstrap, "an invokedynamic bootstrap");
                for (Object argument : arguments) {
                    if (argument instanceof Handle handle) {
                        // a method reference such as File::delete arrives as a handle argument
                        check(handle.getOwner(), handle.getName(), method, line);
                    }
                }
            }

            private void checkBootstrap(Handle bootstrap, String what) {
                if (!denyList.isCompilerBootstrap(bootstrap.getOwner())) {
                    found.add(new Violation(className, method, line, bootstrap.getOwner().replace('/', '.') + "."
                            + bootstrap.getName(), what + " that javac does not emit", level));
                }
            }

            /** Calls on arrays (clone) name the array type as owner. */
            private String arrayElement(String owner) {
                return owner.startsWith("[") ? "java/lang/Object" : owner;
            }
        }
    }
}
