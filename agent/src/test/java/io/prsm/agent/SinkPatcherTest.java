package io.prsm.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@link SinkPatcher} on the sink classes of the JDK running the test and of Felix and Equinox
 * (test dependencies here): each is patched without
 * falling back to ASM (so ASM stays out of the JVM's start), and each patched class, read back by
 * ASM, is the original method for method (same instructions, jump targets, frames and handlers)
 * with only the check call in front of each sink method's code; what it cannot move goes to ASM.
 * The JVM itself verifies the patched classes in AgentIT, whose JVM runs with {@code -Xverify:all}.
 */
public class SinkPatcherTest {

    @Test
    public void everySinkClassOfThisJdkIsPatchedWithoutAsm() throws Exception {
        Map<String, Integer> patched = new TreeMap<>();
        for (String owner : Sinks.owners()) {
            byte[] original = classFile(owner);
            if (original == null) {
                continue; // not in this JDK (the FFM API before 22)
            }
            int methods = sinkMethods(owner, original);
            byte[] result = SinkPatcher.patch(original, Sinks.of(owner));
            if (methods == 0) {
                assertEquals(owner + " has no sink method here, so nothing changes", null, result);
            } else {
                assertNotNull(owner, result);
                patched.put(owner, methods);
            }
        }
        assertTrue("the JDK's file, process and thread classes and both frameworks' are among them: " + patched,
                patched.containsKey("java/io/File") && patched.containsKey("java/lang/ProcessBuilder")
                        && patched.containsKey("java/lang/Thread") && patched.containsKey("java/lang/ClassLoader")
                        && patched.containsKey("org/apache/felix/framework/BundleImpl")
                        && patched.containsKey("org/eclipse/osgi/internal/framework/EquinoxBundle"));
    }

    @Test
    public void aPatchedClassIsTheOriginalWithOnlyTheCheckInFrontOfEachSink() throws Exception {
        int checked = 0;
        for (String owner : Sinks.owners()) {
            byte[] original = classFile(owner);
            byte[] result = original == null ? null : SinkPatcher.patch(original, Sinks.of(owner));
            if (result == null) {
                continue;
            }
            ClassNode before = read(original);
            ClassNode after = read(result);
            assertEquals(owner, before.methods.size(), after.methods.size());
            for (int m = 0; m < before.methods.size(); m++) {
                MethodNode was = before.methods.get(m);
                MethodNode is = after.methods.get(m);
                Sink sink = sinkOf(owner, was);
                List<AbstractInsnNode> kept = nodes(is);
                if (sink != null) {
                    kept = withoutCheck(owner, sink, was, kept);
                    checked++;
                }
                assertEquals(owner + "." + was.name + was.desc, tokens(nodes(was)), tokens(kept));
                assertEquals(owner + "." + was.name + was.desc, handlers(was, nodes(was)), handlers(is, kept));
            }
        }
        assertTrue("sink methods compared: " + checked, checked > 100);
    }

    @Test
    public void aConstructorChecksRightAfterItsSuperclassConstructor() throws Exception {
        ClassNode patched = read(SinkPatcher.patch(classFile("java/io/FileInputStream"),
                Sinks.of("java/io/FileInputStream")));
        for (MethodNode method : patched.methods) {
            if (method.name.equals("<init>") && method.desc.equals("(Ljava/io/File;)V")) {
                List<AbstractInsnNode> nodes = nodes(method);
                assertEquals(Opcodes.ALOAD, nodes.get(0).getOpcode());
                assertEquals("<init>", ((MethodInsnNode) nodes.get(1)).name);
                assertEquals("file.read", ((LdcInsnNode) nodes.get(2)).cst);
                return;
            }
        }
        throw new AssertionError("FileInputStream(File) not found");
    }

    @Test
    public void aClassThePatcherCannotMoveIsInstrumentedWithAsm() throws Exception {
        // FileInputStream(File) with a jump before its superclass constructor call: no javac output, but legal
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "java/io/FileInputStream", null, "java/io/InputStream", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(Ljava/io/File;)V", null, null);
        constructor.visitCode();
        Label superCall = new Label();
        constructor.visitVarInsn(Opcodes.ALOAD, 1);
        constructor.visitJumpInsn(Opcodes.IFNONNULL, superCall);
        constructor.visitInsn(Opcodes.ACONST_NULL);
        constructor.visitInsn(Opcodes.ATHROW);
        constructor.visitLabel(superCall);
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/io/InputStream", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        writer.visitEnd();
        byte[] unusual = writer.toByteArray();
        List<Sink> sinks = Sinks.of("java/io/FileInputStream");

        assertThrows(SinkPatcher.Unpatchable.class, () -> SinkPatcher.patch(unusual, sinks));
        MethodNode instrumented = read(SinkTransformer.instrument(unusual, sinks)).methods.get(0);
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode node : nodes(instrumented)) {
            if (node instanceof MethodInsnNode invoke) {
                calls.add(invoke.owner + "." + invoke.name);
            }
        }
        assertEquals(List.of("java/io/InputStream.<init>", SinkTransformer.BRIDGE + ".check"), calls);
    }

    private static List<AbstractInsnNode> withoutCheck(String owner, Sink sink, MethodNode was,
            List<AbstractInsnNode> nodes) {
        int call = -1;
        for (int i = 0; i < nodes.size() && call < 0; i++) {
            if (nodes.get(i) instanceof MethodInsnNode invoke && invoke.owner.equals(SinkTransformer.BRIDGE)) {
                call = i;
            }
        }
        assertTrue(owner + "." + was.name + " calls the bridge", call >= 0);
        MethodInsnNode invoke = (MethodInsnNode) nodes.get(call);
        int after = call + 1;
        while (after < nodes.size() && nodes.get(after).getOpcode() == Opcodes.NOP) {
            after++;
        }
        int start = nodes(was).size() - (nodes.size() - after);
        assertTrue(owner + "." + was.name + " has its check in one piece", start >= 0 && start < call);
        if (sink.name().equals(Sink.MEMBER)) {
            assertEquals("checkMember", invoke.name);
        } else {
            assertEquals("check", invoke.name);
            assertEquals(owner + "." + was.name, sink.name(), ((LdcInsnNode) nodes.get(start)).cst);
        }
        List<AbstractInsnNode> kept = new ArrayList<>(nodes.subList(0, start));
        kept.addAll(nodes.subList(after, nodes.size()));
        return kept;
    }

    /** Each instruction and frame, with jump targets, switch cases and uninitialized types as positions. */
    private static List<String> tokens(List<AbstractInsnNode> nodes) {
        Map<AbstractInsnNode, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        List<String> tokens = new ArrayList<>();
        for (AbstractInsnNode node : nodes) {
            String token = String.valueOf(node.getOpcode());
            if (node instanceof FrameNode frame) {
                token = "frame " + frame.type + values(frame.local, index) + values(frame.stack, index);
            } else if (node instanceof JumpInsnNode jump) {
                token += "->" + at(jump.label, index);
            } else if (node instanceof TableSwitchInsnNode table) {
                token += " " + at(table.dflt, index) + values(new ArrayList<>(table.labels), index);
            } else if (node instanceof LookupSwitchInsnNode lookup) {
                token += " " + lookup.keys + at(lookup.dflt, index) + values(new ArrayList<>(lookup.labels), index);
            } else if (node instanceof MethodInsnNode invoke) {
                token += " " + invoke.owner + "." + invoke.name + invoke.desc;
            } else if (node instanceof FieldInsnNode field) {
                token += " " + field.owner + "." + field.name;
            } else if (node instanceof VarInsnNode variable) {
                token += " " + variable.var;
            } else if (node instanceof LdcInsnNode ldc) {
                token += " " + ldc.cst;
            } else if (node instanceof IntInsnNode operand) {
                token += " " + operand.operand;
            } else if (node instanceof TypeInsnNode type) {
                token += " " + type.desc;
            } else if (node instanceof IincInsnNode iinc) {
                token += " " + iinc.var + "+" + iinc.incr;
            }
            tokens.add(token);
        }
        return tokens;
    }

    private static List<String> handlers(MethodNode method, List<AbstractInsnNode> nodes) {
        Map<AbstractInsnNode, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        List<String> handlers = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            handlers.add(at(block.start, index) + "-" + at(block.end, index) + ">" + at(block.handler, index) + " "
                    + block.type);
        }
        return handlers;
    }

    private static String values(List<Object> values, Map<AbstractInsnNode, Integer> index) {
        List<String> shown = new ArrayList<>();
        for (Object value : values == null ? List.<Object>of() : values) {
            shown.add(value instanceof LabelNode label ? "@" + at(label, index) : String.valueOf(value));
        }
        return shown.toString();
    }

    /** The position of the first kept node at or after {@code label}. */
    private static int at(LabelNode label, Map<AbstractInsnNode, Integer> index) {
        for (AbstractInsnNode node = label; node != null; node = node.getNext()) {
            Integer position = index.get(node);
            if (position != null) {
                return position;
            }
        }
        return index.size();
    }

    private static List<AbstractInsnNode> nodes(MethodNode method) {
        List<AbstractInsnNode> nodes = new ArrayList<>();
        for (AbstractInsnNode node : method.instructions) {
            if (node.getOpcode() >= 0 || node instanceof FrameNode) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private static Sink sinkOf(String owner, MethodNode method) {
        if ((method.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
            return null;
        }
        for (Sink sink : Sinks.of(owner)) {
            if (sink.matches(method.name, method.desc)) {
                return sink;
            }
        }
        return null;
    }

    private static int sinkMethods(String owner, byte[] classfile) {
        int count = 0;
        for (MethodNode method : read(classfile).methods) {
            count += sinkOf(owner, method) == null ? 0 : 1;
        }
        return count;
    }

    private static ClassNode read(byte[] classfile) {
        ClassNode node = new ClassNode();
        new ClassReader(classfile).accept(node, ClassReader.EXPAND_FRAMES);
        assertFalse(node.methods.isEmpty());
        return node;
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
