package io.prsm.sandbox.bytecode;

import java.util.Set;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The walk of one method's code for its {@link ClassWalk}: every instruction that uses a class or
 * a member is checked against the allow-list, and the constants and bootstraps javac never emits
 * for plugin code are refused; what it finds goes to the class's walk.
 *
 * <p>Concurrent semantics: one walk per method and thread.
 */
final class MethodWalk extends MethodVisitor {

    private final ClassWalk walk;
    private final String method;
    private int line = -1;
    /** Instructions seen, and where the last class literal of the plugin's own package was. */
    private int instructions;
    private int ownLiteralAt = -10;

    MethodWalk(ClassWalk walk, String method) {
        super(Opcodes.ASM9);
        this.walk = walk;
        this.method = method;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return walk.annotation(descriptor, method);
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
        return walk.annotation(descriptor, method);
    }

    @Override
    public void visitLineNumber(int number, Label start) {
        line = number;
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        instructions++;
        if (readsOwnResource(owner, name, descriptor)) {
            walk.accounted.add(new ConstantPoolScreen.Flag(owner, name, descriptor));
            return;
        }
        walk.check(owner.startsWith("[") ? "java/lang/Object" : owner, name, descriptor, method, line);
    }

    /**
     * {@code Own.class.getResourceAsStream(name)}: a plugin may read the resources of its own
     * jar. {@code Class.getResourceAsStream} on any other class is not on the list, since it reads
     * through that class's loader (the application's class path, for a class the system bundle
     * exports): so the receiver must be the class literal of a class in the plugin's own package
     * (or below), pushed just before the name.
     */
    private boolean readsOwnResource(String owner, String name, String descriptor) {
        return "java/lang/Class".equals(owner) && "getResourceAsStream".equals(name)
                && "(Ljava/lang/String;)Ljava/io/InputStream;".equals(descriptor)
                && instructions - ownLiteralAt == 2;
    }

    @Override
    public void visitInsn(int opcode) {
        instructions++;
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        instructions++;
    }

    @Override
    public void visitVarInsn(int opcode, int variable) {
        instructions++;
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        instructions++;
    }

    @Override
    public void visitIincInsn(int variable, int increment) {
        instructions++;
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        instructions++;
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        instructions++;
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        instructions++;
        walk.check(owner, name, descriptor, method, line);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        instructions++;
        // new, a cast, a type test, an array of it: each is a use of the class
        walk.check(type, null, null, method, line);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        instructions++;
        walk.check(descriptor, null, null, method, line);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        if (type != null) {
            walk.check(type, null, null, method, line);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        instructions++;
        if (value instanceof Type type && type.getSort() == Type.OBJECT && walk.ownPackage(type.getInternalName())) {
            ownLiteralAt = instructions;
        }
        if (value instanceof ConstantDynamic constant) {
            walk.refuse(method, line, AllowRules.dotted(constant.getBootstrapMethod().getOwner()) + "."
                    + constant.getBootstrapMethod().getName(), "a dynamic constant (ConstantDynamic), "
                    + "which javac does not emit for plugin code",
                    "dynamic constants are never allowed");
            for (int i = 0; i < constant.getBootstrapMethodArgumentCount(); i++) {
                if (constant.getBootstrapMethodArgument(i) instanceof Handle handle) {
                    handle(handle);
                }
            }
        } else if (value instanceof Handle handle) {
            walk.refuse(method, line, "a method handle constant ("
                    + AllowRules.dotted(handle.getOwner()) + "." + handle.getName() + ")",
                    "a method handle javac does not emit for plugin code",
                    "method handle constants are never allowed");
            handle(handle);
        } else if (value instanceof Type type && type.getSort() == Type.METHOD) {
            walk.refuse(method, line, "a method type constant " + type,
                    "a constant javac does not emit for plugin code",
                    "method type constants are never allowed");
        } else if (value instanceof Type type && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
            // a class literal, such as FindHook.class handed to registerService
            walk.check(type.getInternalName(), null, null, method, line);
        }
    }

    private void handle(Handle handle) {
        walk.check(handle.getOwner(), handle.getName(), handle.getDesc(), method, line);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        instructions++;
        Type made = Type.getReturnType(descriptor);
        if (made.getSort() == Type.OBJECT) {
            // a lambda implementing an interface the list does not allow, such as a FindHook
            walk.check(made.getInternalName(), null, null, method, line);
        }
        Set<String> names = BytecodeScanner.compilerBootstraps(bootstrap.getOwner());
        walk.accounted.add(new ConstantPoolScreen.Flag(bootstrap.getOwner(), null, null));
        walk.accounted.add(new ConstantPoolScreen.Flag(bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc()));
        if (names == null || !names.contains(bootstrap.getName())) {
            walk.refuse(method, line, AllowRules.dotted(bootstrap.getOwner()) + "."
                    + bootstrap.getName(), "an invokedynamic bootstrap that javac does not emit",
                    "only javac's own bootstraps are allowed");
        }
        for (Object argument : arguments) {
            if (argument instanceof Handle handle) {
                // a method reference such as File::delete arrives as a handle argument
                handle(handle);
            } else if (argument instanceof Type type && type.getSort() == Type.OBJECT) {
                walk.check(type.getInternalName(), null, null, method, line);
            } else if (argument instanceof ConstantDynamic constant) {
                walk.refuse(method, line, "a dynamic constant argument ("
                        + constant.getName() + ")", "a bootstrap argument javac does not emit",
                        "dynamic constants are never allowed");
            }
        }
    }
}
