package io.prsm.sandbox.bytecode;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files javac never writes: dynamic call sites and constants whose bootstrap method is the
 * class's own, so any code could run when they are first used. Their constant pools name no
 * forbidden class at all; only the bootstrap gives them away.
 */
final class OwnBootstraps {

    private static final String OWNER = "io/example/OwnBootstrap";
    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, OWNER, "bootstrap",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;", false);

    private OwnBootstraps() {
    }

    static byte[] invokeDynamic() {
        return withMethod(method -> {
            method.visitInvokeDynamicInsn("run", "()Ljava/lang/Object;", BOOTSTRAP);
            method.visitInsn(Opcodes.ARETURN);
        });
    }

    static byte[] dynamicConstant() {
        return withMethod(method -> {
            method.visitLdcInsn(new ConstantDynamic("value", "Ljava/lang/Object;", BOOTSTRAP));
            method.visitInsn(Opcodes.ARETURN);
        });
    }

    private static byte[] withMethod(java.util.function.Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, OWNER, null, "java/lang/Object", null);
        MethodVisitor bootstrap = writer.visitMethod(Opcodes.ACC_STATIC, BOOTSTRAP.getName(), BOOTSTRAP.getDesc(),
                null, null);
        bootstrap.visitCode();
        bootstrap.visitInsn(Opcodes.ACONST_NULL);
        bootstrap.visitInsn(Opcodes.ARETURN);
        bootstrap.visitMaxs(0, 0);
        bootstrap.visitEnd();
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "use", "()Ljava/lang/Object;",
                null, null);
        method.visitCode();
        body.accept(method);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
