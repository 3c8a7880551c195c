package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
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

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import io.prsm.api.SecurityLevel;

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
 *
 * <p>Each violation names the entry the allow-list would need, and, where {@link DenyList} knows
 * it, what the API would give the plugin.
 *
 * <p>Concurrent semantics: immutable; one scanner serves any number of threads. The allow-list
 * is read once per scan from its supplier, so a policy reload applies to the next scan.
 */
public final class BytecodeScanner {

    /** Nesting deeper than this is not a plugin layout but an attempt to outrun the scan. */
    private static final int MAX_JAR_DEPTH = 3;
    /** Fewer entries than this per thread are not worth a hand-off. */
    private static final int MIN_CHUNK = 32;
    /**
     * How many refused classes of a jar (the first, in entry order) are walked for the method and
     * line of each use. A class whose constant pool names a refused member reference is refused
     * whatever the walk finds, so the rest are reported from the screen alone (class and API, no
     * line): a jar full of forbidden code costs little more to refuse than a clean one.
     */
    private static final int DETAILED_CLASSES = 16;

    /** The annotation whose class-name typing lets JSON input pick any class for Jackson to make. */
    static final String JSON_TYPE_INFO = "Lcom/fasterxml/jackson/annotation/JsonTypeInfo;";
    private static final Set<String> CLASS_NAME_TYPING = Set.of("CLASS", "MINIMAL_CLASS");

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

    public BytecodeScanner(AllowList allowList) {
        this(() -> allowList, true);
    }

    /** @param allowList the list in force, asked once per scan (the policy may extend it) */
    public BytecodeScanner(Supplier<AllowList> allowList) {
        this(allowList, true);
    }

    /** @param screened whether a class the constant pool clears skips the full scan (tests compare both) */
    BytecodeScanner(Supplier<AllowList> allowList, boolean screened) {
        this.allowList = allowList;
        this.screened = screened;
    }

    /** Whether javac itself writes bootstraps with this owner (the screen's first cut). */
    static boolean isCompilerBootstrapOwner(String owner) {
        return COMPILER_BOOTSTRAPS.containsKey(owner);
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
                : scanJar(jar, allowList.get().rules(level), violations, 1);
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
        int chunks = Math.max(1, Math.min(parallelism, code.size() / MIN_CHUNK));
        List<CompletableFuture<List<Scanned>>> others = new ArrayList<>();
        int size = (code.size() + chunks - 1) / chunks;
        for (int chunk = 1; chunk < chunks; chunk++) {
            List<String> part = code.subList(Math.min(code.size(), chunk * size), Math.min(code.size(), (chunk + 1) * size));
            others.add(CompletableFuture.supplyAsync(() -> scanChunk(part, reader, rules), executor));
        }
        List<Scanned> scanned = new ArrayList<>();
        try {
            scanned.addAll(scanChunk(code.subList(0, Math.min(code.size(), size)), reader, rules));
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

    private List<Scanned> scanChunk(List<String> entries, EntryReader reader, AllowRules rules) {
        List<Scanned> scanned = new ArrayList<>();
        try {
            for (String entry : entries) {
                byte[] content = reader.read(entry);
                List<Violation> violations = new ArrayList<>();
                if (entry.endsWith(".jar")) {
                    int classes = scanJar(content, rules, violations, 1);
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

    private int scanJar(byte[] jar, AllowRules rules, List<Violation> violations, int depth) throws IOException {
        SecurityLevel level = rules.level();
        int refused = 0;
        int classes = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    int before = violations.size();
                    scanClass(zip.readAllBytes(), name, rules, violations, refused < DETAILED_CLASSES);
                    refused += violations.size() > before ? 1 : 0;
                    classes++;
                } else if (name.endsWith(".jar")) {
                    if (depth >= MAX_JAR_DEPTH) {
                        violations.add(new Violation(name, "<jar>", -1, name, "jars nested " + depth
                                + " deep are not scanned, so they", level));
                    } else {
                        classes += scanJar(zip.readAllBytes(), rules, violations, depth + 1);
                    }
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
        ConstantPoolScreen.Screening seen = screen.look(reader, classFile, rules);
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
        ClassScan scan = null;
        try {
            if (seen.verdict() == ConstantPoolScreen.Verdict.DYNAMIC) {
                // line numbers only matter for a report, which a class with lambdas rarely needs
                scan = new ClassScan(rules, found);
                reader.accept(scan, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            }
            if (seen.verdict() == ConstantPoolScreen.Verdict.MATCH || !found.isEmpty()) {
                found.clear();
                scan = new ClassScan(rules, found);
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
     * A refused class past the detail budget: each refused member reference its pool names, without
     * method and line. A refused member reference refuses the class wherever it is used (and if it is
     * used nowhere, the walk would refuse it as unaccounted for).
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
            violations.add(new Violation(internalName.replace('/', '.'), "(not walked: see the first refused classes "
                    + "for lines)", -1, AllowRules.dotted(flag.owner()) + "." + member, danger, rules.level(), refused));
        }
    }

    /**
     * Collects the violations of one class (a set, so a loop calling one API is reported once per
     * line) and every pool reference it saw in use, which the screen's flagged entries are matched
     * against.
     */
    private final class ClassScan extends ClassVisitor {
        private final AllowRules rules;
        private final Set<Violation> found;
        private final Set<ConstantPoolScreen.Flag> accounted = new HashSet<>();
        private String internalName;
        private String className;

        ClassScan(AllowRules rules, Set<Violation> found) {
            super(Opcodes.ASM9);
            this.rules = rules;
            this.found = found;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            internalName = name;
            className = name.replace('/', '.');
            if (superName != null) {
                extend(superName);
            }
            if (interfaces != null) {
                for (String type : interfaces) {
                    extend(type);
                }
            }
        }

        /** A plugin class may extend or implement only a JDK type all of whose members are allowed. */
        private void extend(String type) {
            accounted.add(new ConstantPoolScreen.Flag(type, null, null));
            String refused = rules.allows(type, null, null) ? null : rules.refusal(type, null, null);
            if (refused == null && !rules.extensible(type)) {
                refused = "only partly on the " + rules.level().id() + " allow-list, so a plugin class may not extend "
                        + "or implement it (its restricted members would be reached through the plugin's own class)";
            }
            if (refused != null) {
                report(type, "<extends>", "<class>", -1, refused);
            }
        }

        @Override
        public void visitOuterClass(String owner, String name, String descriptor) {
            accounted.add(new ConstantPoolScreen.Flag(owner, null, null));
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            // naming a class in the InnerClasses table gives nothing: uses are checked where they are
            accounted.add(new ConstantPoolScreen.Flag(name, null, null));
            if (outerName != null) {
                accounted.add(new ConstantPoolScreen.Flag(outerName, null, null));
            }
        }

        @Override
        public void visitNestHost(String nestHost) {
            accounted.add(new ConstantPoolScreen.Flag(nestHost, null, null));
        }

        @Override
        public void visitNestMember(String nestMember) {
            accounted.add(new ConstantPoolScreen.Flag(nestMember, null, null));
        }

        @Override
        public void visitPermittedSubclass(String permittedSubclass) {
            accounted.add(new ConstantPoolScreen.Flag(permittedSubclass, null, null));
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation(descriptor, "<class>");
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            String where = name;
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation, where);
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            if (exceptions != null) {
                for (String thrown : exceptions) {
                    // declaring what a method throws gives nothing
                    accounted.add(new ConstantPoolScreen.Flag(thrown, null, null));
                }
            }
            return new MethodScan(name + descriptor);
        }

        /** Jackson's polymorphic typing by class name lets the JSON choose any class to make: refused. */
        private AnnotationVisitor annotation(String descriptor, String where) {
            if (!JSON_TYPE_INFO.equals(descriptor)) {
                return null;
            }
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visitEnum(String name, String enumDescriptor, String value) {
                    if ("use".equals(name) && CLASS_NAME_TYPING.contains(value)) {
                        found.add(new Violation(className, where, -1, "@JsonTypeInfo(use = " + value + ")",
                                "polymorphic typing by class name, with which the JSON chooses the class Jackson "
                                        + "makes", rules.level(), "use JsonTypeInfo.Id.NAME with @JsonSubTypes"));
                    }
                }
            };
        }

        /** Checks one use of a class ({@code member} null) or of a member of it. */
        private void check(String owner, String member, String descriptor, String method, int line) {
            String type = ConstantPoolScreen.element(owner);
            if (type == null) {
                return;
            }
            boolean ownMember = type.equals(internalName);
            if (rules.allows(type, member, descriptor)
                    && (member == null || descriptor == null || ownMember || rules.descriptorRefusal(descriptor) == null)) {
                // allowed uses are never among the screen's flagged entries: nothing to account for
                return;
            }
            String refused = rules.refusal(type, member, descriptor);
            if (refused == null) {
                refused = rules.descriptorRefusal(descriptor);
            }
            accounted.add(new ConstantPoolScreen.Flag(type, null, null));
            if (member != null) {
                accounted.add(new ConstantPoolScreen.Flag(type, member, descriptor));
                // the types a member passes or returns are judged with it
                for (Type part : descriptor.startsWith("(") ? Type.getArgumentTypes(descriptor) : new Type[0]) {
                    account(part);
                }
                account(descriptor.startsWith("(") ? Type.getReturnType(descriptor) : Type.getType(descriptor));
            }
            report(type, member == null ? "<class>" : member, method, line, refused);
        }

        private void account(Type type) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                accounted.add(new ConstantPoolScreen.Flag(element.getInternalName(), null, null));
            }
        }

        private void report(String owner, String member, String method, int line, String refused) {
            String danger = dangers.match(owner, member, rules.level()).map(DenyRule::reason).orElse("an API outside the allow-list");
            found.add(new Violation(className, method, line, AllowRules.dotted(owner)
                    + ("<extends>".equals(member) ? "" : "." + member), danger, rules.level(), refused));
        }

        private final class MethodScan extends MethodVisitor {
            private final String method;
            private int line = -1;

            MethodScan(String method) {
                super(Opcodes.ASM9);
                this.method = method;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                return annotation(descriptor, method);
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
                return annotation(descriptor, method);
            }

            @Override
            public void visitLineNumber(int number, Label start) {
                line = number;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                check(owner.startsWith("[") ? "java/lang/Object" : owner, name, descriptor, method, line);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                check(owner, name, descriptor, method, line);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW) {
                    // creating one is using a constructor; the constructor call is checked too
                    check(type, null, null, method, line);
                } else {
                    check(type, null, null, method, line);
                }
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                check(descriptor, null, null, method, line);
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    check(type, null, null, method, line);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                if (value instanceof ConstantDynamic constant) {
                    found.add(new Violation(className, method, line,
                            AllowRules.dotted(constant.getBootstrapMethod().getOwner()) + "."
                                    + constant.getBootstrapMethod().getName(), "a dynamic constant (ConstantDynamic), "
                                    + "which javac does not emit for plugin code", rules.level(),
                            "dynamic constants are never allowed"));
                    for (int i = 0; i < constant.getBootstrapMethodArgumentCount(); i++) {
                        if (constant.getBootstrapMethodArgument(i) instanceof Handle handle) {
                            handle(handle);
                        }
                    }
                } else if (value instanceof Handle handle) {
                    found.add(new Violation(className, method, line, "a method handle constant ("
                            + AllowRules.dotted(handle.getOwner()) + "." + handle.getName() + ")",
                            "a method handle javac does not emit for plugin code", rules.level(),
                            "method handle constants are never allowed"));
                    handle(handle);
                } else if (value instanceof Type type && type.getSort() == Type.METHOD) {
                    found.add(new Violation(className, method, line, "a method type constant " + type,
                            "a constant javac does not emit for plugin code", rules.level(),
                            "method type constants are never allowed"));
                } else if (value instanceof Type type && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
                    // a class literal, such as FindHook.class handed to registerService
                    check(type.getInternalName(), null, null, method, line);
                }
            }

            private void handle(Handle handle) {
                check(handle.getOwner(), handle.getName(), handle.getDesc(), method, line);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                Type made = Type.getReturnType(descriptor);
                if (made.getSort() == Type.OBJECT) {
                    // a lambda implementing an interface the list does not allow, such as a FindHook
                    check(made.getInternalName(), null, null, method, line);
                }
                Set<String> names = COMPILER_BOOTSTRAPS.get(bootstrap.getOwner());
                accounted.add(new ConstantPoolScreen.Flag(bootstrap.getOwner(), null, null));
                accounted.add(new ConstantPoolScreen.Flag(bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc()));
                if (names == null || !names.contains(bootstrap.getName())) {
                    found.add(new Violation(className, method, line, AllowRules.dotted(bootstrap.getOwner()) + "."
                            + bootstrap.getName(), "an invokedynamic bootstrap that javac does not emit", rules.level(),
                            "only javac's own bootstraps are allowed"));
                }
                for (Object argument : arguments) {
                    if (argument instanceof Handle handle) {
                        // a method reference such as File::delete arrives as a handle argument
                        handle(handle);
                    } else if (argument instanceof Type type && type.getSort() == Type.OBJECT) {
                        check(type.getInternalName(), null, null, method, line);
                    } else if (argument instanceof ConstantDynamic constant) {
                        found.add(new Violation(className, method, line, "a dynamic constant argument ("
                                + constant.getName() + ")", "a bootstrap argument javac does not emit", rules.level(),
                                "dynamic constants are never allowed"));
                    }
                }
            }
        }
    }
}
