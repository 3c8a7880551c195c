package io.prsm.sandbox.bytecode;

import java.util.HashSet;
import java.util.Set;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The full walk of one class for {@link BytecodeScanner}: collects the violations of one class (a set, so a loop calling one API is reported once per
 * line) and every pool reference it saw in use, which the screen's flagged entries are matched
 * against.
 *
 * <p>Concurrent semantics: one walk per class and thread.
 */
final class ClassWalk extends ClassVisitor {
    /** The annotation whose class-name typing lets JSON input pick any class for Jackson to make. */
    static final String JSON_TYPE_INFO = "Lcom/fasterxml/jackson/annotation/JsonTypeInfo;";
    private static final Set<String> CLASS_NAME_TYPING = Set.of("CLASS", "MINIMAL_CLASS");

    private final AllowRules rules;
    private final DenyList dangers;
    private final Set<Violation> found;
    /** Every refused pool reference the walk found in use and judged: the screen's flags are checked against it. */
    final Set<ConstantPoolScreen.Flag> accounted = new HashSet<>();
    private String internalName;
    private String className;

    ClassWalk(AllowRules rules, DenyList dangers, Set<Violation> found) {
        super(Opcodes.ASM9);
        this.rules = rules;
        this.dangers = dangers;
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
        if (name.equals("finalize") && descriptor.equals("()V") && (access & Opcodes.ACC_STATIC) == 0) {
            found.add(new Violation(className, name + descriptor, -1, "java.lang.Object.finalize (overridden)",
                    "code the JVM runs on its one Finalizer thread, where no stop of the runtime reaches it",
                    rules.level(), "release resources in close(); where the scan only reports, the weaving "
                            + "renames finalize() so that it never runs"));
        }
        return new MethodWalk(this, name + descriptor);
    }

    /** Whether {@code type} lies in the package of the class walked, or below it (and not in the JDK). */
    boolean ownPackage(String type) {
        int slash = internalName.lastIndexOf('/');
        String own = slash < 0 ? "" : internalName.substring(0, slash + 1);
        return !own.isEmpty() && type.startsWith(own) && !JdkTypes.isJdk(type);
    }

    /** Jackson's polymorphic typing by class name lets the JSON choose any class to make: refused. */
    AnnotationVisitor annotation(String descriptor, String where) {
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
    void check(String owner, String member, String descriptor, String method, int line) {
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

    /**
     * Reports {@code api}, used in {@code method} at {@code line}, as a violation at this class's
     * level: {@code danger} says why it is refused, {@code remedy} what to do instead.
     */
    void refuse(String method, int line, String api, String danger, String remedy) {
        found.add(new Violation(className, method, line, api, danger, rules.level(), remedy));
    }
}
