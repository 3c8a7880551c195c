package io.prsm.sandbox.entitlements;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;

import io.prsm.sandbox.bytecode.CheckpointWeaver;
import io.prsm.sandbox.bytecode.JdkThreadCode;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;

/**
 * Makes every method of plugin code count its entries on its thread, so the entitlement check can
 * skip the stack walk on threads where no plugin code ran since their last clean check (the
 * bridge's fast path, see {@code io.prsm.bridge.Entitlements}), and keeps which bundles ran, so
 * a check may decide without walking when every one of them may act. Each method gets one call to
 * {@code java.lang.PrsmPluginCode.ran(bundleId)} at entry (constructors before their superclass
 * constructor, which is legal: it does not touch {@code this}), unless it already starts with the
 * containment entry that counts as well ({@code Checkpoint.enter(bundleId)}, woven into untrusted
 * code by the scanning hook before this one): each method of plugin code pays for one call
 * ({@link EntryMark}).
 *
 * <p>A frame of plugin code that enters no woven method would break the promise. Classes a plugin
 * defines itself (a class loader, {@code Lookup.defineClass}) are refused at their sinks below
 * trusted. The one other kind is the hidden class the JDK spins for a method reference to a method
 * outside the plugin ({@code file::delete} handed to a pool thread): its frame calls the JDK
 * directly. Such references are rewritten to call a synthetic method of the plugin class, which
 * counts, so a method reference is exactly as visible as a lambda. A reference this class cannot
 * rewrite refuses the class ({@link WeavingException}): fail closed.
 *
 * <p>Trusted plugins are woven too: a policy reload may take their trust away while their classes
 * stay loaded. Only platform bundles are left as they are.
 *
 * <p>Concurrent semantics: stateless; classes are woven on many threads at once.
 */
public final class PluginCodeMarks implements WeavingHook {

    static final String MARKER = "java/lang/PrsmPluginCode";
    private static final String LAMBDA_FACTORY = "java/lang/invoke/LambdaMetafactory";

    private final BundleClassifier classifier;
    private final Consumer<Bundle> woven;

    /** @param woven told each bundle whose code now counts, before its class is defined */
    public PluginCodeMarks(BundleClassifier classifier, Consumer<Bundle> woven) {
        this.classifier = classifier;
        this.woven = woven;
    }

    @Override
    public void weave(WovenClass wovenClass) {
        // a hook that throws anything but WeavingException is deny-listed by the framework, and every
        // class after that would go unwoven: whatever fails here refuses this one class instead
        try {
            if (classifier.classify(wovenClass.getBundleWiring().getRevision()) == Classification.PLATFORM) {
                return;
            }
            Bundle bundle = wovenClass.getBundleWiring().getBundle();
            woven.accept(bundle);
            wovenClass.setBytes(mark(wovenClass.getBytes(), MARKER, bundle.getBundleId()));
        } catch (PlatformPackage inPlatformPackage) {
            throw new WeavingException("Class " + wovenClass.getClassName() + " of bundle "
                    + wovenClass.getBundleWiring().getBundle().getSymbolicName() + " is refused: "
                    + inPlatformPackage.getMessage() + "; move it to a package of the plugin's own", inPlatformPackage);
        } catch (RuntimeException | LinkageError | StackOverflowError unusable) {
            throw new WeavingException("Class " + wovenClass.getClassName() + " of bundle "
                    + wovenClass.getBundleWiring().getBundle().getSymbolicName() + " cannot be prepared for the "
                    + "entitlement check (" + unusable + "); rebuild it with a standard Java compiler", unusable);
        }
    }

    /**
     * {@code classfile} with a call to {@code marker.ran(bundleId)} at every method entry and
     * method references to other classes rewritten (public for the benchmarks, which weave as the
     * hooks do without a framework).
     */
    public static byte[] mark(byte[] classfile, String marker, long bundleId) {
        ClassReader reader = new ClassReader(classfile);
        if (reader.getClassName().startsWith(CheckpointWeaver.CHECK_OWNER.substring(0,
                CheckpointWeaver.CHECK_OWNER.lastIndexOf('/') + 1))) {
            // a plugin's own Checkpoint could make its methods look counted (EntryMark) and count nothing
            throw new PlatformPackage("it is in " + CheckpointWeaver.CHECK_PACKAGE + ", which belongs to the platform");
        }
        // frames stay valid: the inserted call adds no branch, and new methods have straight-line code
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new Marking(writer, marker, bundleId), 0);
        return writer.toByteArray();
    }

    /** A plugin class in the package of the woven checks: never defined. */
    static final class PlatformPackage extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        PlatformPackage(String reason) {
            super(reason);
        }
    }

    private static final class Marking extends ClassVisitor {

        private final List<Handle> references = new ArrayList<>();
        private final List<EntryMark> methods = new ArrayList<>();
        private final String marker;
        private final long bundleId;
        private String owner;
        private boolean isInterface;

        Marking(ClassVisitor next, String marker, long bundleId) {
            super(Opcodes.ASM9, next);
            this.marker = marker;
            this.bundleId = bundleId;
        }

        private void count(MethodVisitor method) {
            EntryMark.count(method, marker, bundleId);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            owner = name;
            isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return next;
            }
            EntryMark method = new EntryMark(next, marker, bundleId) {
                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                        Object... arguments) {
                    super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, ownReference(bootstrap, arguments));
                }
            };
            methods.add(method);
            return method;
        }

        /** The bootstrap arguments, with a foreign implementation method replaced by a synthetic one of this class. */
        private Object[] ownReference(Handle bootstrap, Object[] arguments) {
            if (!bootstrap.getOwner().equals(LAMBDA_FACTORY) || arguments.length < 3
                    || !(arguments[1] instanceof Handle implementation) || implementation.getOwner().equals(owner)) {
                return arguments;
            }
            if (implementation.getTag() == Opcodes.H_INVOKESPECIAL) {
                throw new IllegalArgumentException("a method reference calls " + implementation.getOwner() + "."
                        + implementation.getName() + " with invokespecial, which no compiler emits");
            }
            Object[] rewritten = arguments.clone();
            String name = "prsm$reference$" + references.size();
            references.add(implementation);
            rewritten[1] = new Handle(Opcodes.H_INVOKESTATIC, owner, name, staticDescriptor(implementation), isInterface);
            return rewritten;
        }

        @Override
        public void visitEnd() {
            // a JDK loop calling a reference (forEach(Runnable::run)) must stop at its next call, as
            // the class's own methods do: where those start with the containment entry, so do these
            boolean contained = methods.stream().anyMatch(EntryMark::startsWithEnter);
            for (int i = 0; i < references.size(); i++) {
                forward("prsm$reference$" + i, references.get(i), contained);
            }
            super.visitEnd();
        }

        /**
         * A static method of this class that counts (and checks for a stop when {@code contained}),
         * then calls {@code target} with its arguments.
         */
        private void forward(String name, Handle target, boolean contained) {
            String descriptor = staticDescriptor(target);
            MethodVisitor method = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                    name, descriptor, null, null);
            method.visitCode();
            if (contained) {
                EntryMark.enter(method, bundleId);
            } else {
                count(method);
            }
            if (target.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                method.visitTypeInsn(Opcodes.NEW, target.getOwner());
                method.visitInsn(Opcodes.DUP);
            }
            int slot = 0;
            for (Type argument : Type.getArgumentTypes(descriptor)) {
                method.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                slot += argument.getSize();
            }
            int opcode = switch (target.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
                case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                case Opcodes.H_NEWINVOKESPECIAL -> Opcodes.INVOKESPECIAL;
                default -> throw new IllegalArgumentException("a method reference of kind " + target.getTag()
                        + " to " + target.getOwner() + "." + target.getName());
            };
            if (JdkThreadCode.isRuntimeGc(target.getOwner(), target.getName(), target.getDesc())) {
                // Runtime::gc is native, out of the agent's reach: made the checked System.gc, as in the class's own code
                JdkThreadCode.callGc(method);
            } else {
                method.visitMethodInsn(opcode, target.getOwner(), target.getName(), target.getDesc(), target.isInterface());
            }
            method.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
            method.visitMaxs(0, 0);
            method.visitEnd();
        }
    }

    /** The implementation's type as a static method: the receiver first, a constructor returning its class. */
    private static String staticDescriptor(Handle implementation) {
        Type type = Type.getMethodType(implementation.getDesc());
        return switch (implementation.getTag()) {
            case Opcodes.H_INVOKESTATIC -> implementation.getDesc();
            case Opcodes.H_NEWINVOKESPECIAL -> Type.getMethodDescriptor(Type.getObjectType(implementation.getOwner()),
                    type.getArgumentTypes());
            default -> {
                Type[] arguments = type.getArgumentTypes();
                Type[] withReceiver = new Type[arguments.length + 1];
                withReceiver[0] = Type.getObjectType(implementation.getOwner());
                System.arraycopy(arguments, 0, withReceiver, 1, arguments.length);
                yield Type.getMethodDescriptor(type.getReturnType(), withReceiver);
            }
        };
    }
}
