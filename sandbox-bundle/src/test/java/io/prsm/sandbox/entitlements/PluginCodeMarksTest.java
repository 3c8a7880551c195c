package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.junit.Before;
import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.platform.CodeStops;
import io.prsm.sandbox.bytecode.CheckpointWeaver;

/**
 * The weaving behind the entitlement check's fast path: every method of plugin code counts its
 * entry first, and a method reference to another class runs through a counted method of the
 * plugin's class, so no frame of plugin code can act on a thread without counting. The woven
 * fixture counts through {@link Counter} here (in a JVM with the agent it is
 * {@code java.lang.PrsmPluginCode}).
 */
public class PluginCodeMarksTest {

    private static final String FIXTURE = PluginCodeMarksFixture.class.getName();

    private static final long BUNDLE = 42;

    /** Stands in for the marker: counts the calls that name the fixture's bundle. */
    public static final class Counter {
        static final AtomicLong RAN = new AtomicLong();

        public static void ran(long bundleId) {
            if (bundleId == BUNDLE) {
                RAN.incrementAndGet();
            }
        }
    }

    private byte[] woven;

    @Before
    public void weave() throws IOException {
        try (InputStream in = PluginCodeMarksFixture.class.getResourceAsStream("PluginCodeMarksFixture.class")) {
            woven = PluginCodeMarks.mark(in.readAllBytes(), Counter.class.getName().replace('.', '/'), BUNDLE);
        }
    }

    @Test
    public void everyMethodCountsItsEntryFirst() {
        List<String> uncounted = new ArrayList<>();
        new ClassReader(woven).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private int seen;

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (seen++ == 0 && !Long.valueOf(BUNDLE).equals(value)) {
                            uncounted.add(name + descriptor);
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (seen++ == 1 && !(owner.endsWith("$Counter") && method.equals("ran") && desc.equals("(J)V"))) {
                            uncounted.add(name + descriptor);
                        }
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        if (seen++ < 2) {
                            uncounted.add(name + descriptor);
                        }
                    }

                    @Override
                    public void visitVarInsn(int opcode, int slot) {
                        visitInsn(opcode);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        visitInsn(opcode);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                        visitInsn(opcode);
                    }
                };
            }
        }, 0);
        assertEquals(List.of(), uncounted);
    }

    @Test
    public void noMethodReferenceLeadsOutOfTheClass() {
        List<String> foreign = new ArrayList<>();
        String self = FIXTURE.replace('.', '/');
        new ClassReader(woven).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indy, String desc, Handle bootstrap, Object... arguments) {
                        if (arguments.length > 1 && arguments[1] instanceof Handle target && !target.getOwner().equals(self)) {
                            foreign.add(target.getOwner() + "." + target.getName());
                        }
                    }
                };
            }
        }, 0);
        assertEquals(List.of(), foreign);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void eachReferenceStillDoesWhatItDidAndCountsWhenItRuns() throws Exception {
        Class<?> type = define(woven);
        Object fixture = type.getConstructor().newInstance();
        Supplier<String> bound = (Supplier<String>) type.getMethod("boundVirtual").invoke(fixture);
        Supplier<Long> statics = (Supplier<Long>) type.getMethod("staticMethod").invoke(fixture);
        Function<String, Integer> parse = (Function<String, Integer>) type.getMethod("unboundStatic").invoke(fixture);
        Supplier<StringBuilder> make = (Supplier<StringBuilder>) type.getMethod("constructor").invoke(fixture);
        Function<List<String>, Integer> size = (Function<List<String>, Integer>) type.getMethod("interfaceMethod")
                .invoke(fixture);
        Supplier<String> lambda = (Supplier<String>) type.getMethod("lambda").invoke(fixture);

        assertEquals("fixture", counted(bound::get));
        assertTrue(counted(statics::get) > 0);
        assertEquals(Integer.valueOf(42), counted(() -> parse.apply("42")));
        assertEquals("", counted(make::get).toString());
        assertEquals(Integer.valueOf(2), counted(() -> size.apply(List.of("a", "b"))));
        assertEquals("erutxif", counted(lambda::get));
    }

    @Test
    public void aMethodThatStartsWithTheContainmentEntryThatCountsGetsNoSecondCall() throws IOException {
        byte[] contained = new CheckpointWeaver().weave(fixtureBytes(), BUNDLE);
        List<String> entries = entries(PluginCodeMarks.mark(contained, Counter.class.getName().replace('.', '/'), BUNDLE));
        assertTrue(entries.toString(), entries.size() > 6);
        for (String entry : entries) {
            // the synthetic forwarders of a contained class start with the same entry: they check for a stop too
            assertTrue(entry, entry.endsWith(": 42 enter |"));
        }
    }

    @Test
    public void aReferenceToTheNativeRuntimeGcCallsTheCheckedSystemGc() throws Exception {
        List<String> gcCalls = new ArrayList<>();
        new ClassReader(woven).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (method.equals("gc")) {
                            gcCalls.add(name + ": " + owner + "." + method);
                        }
                    }
                };
            }
        }, 0);
        assertEquals(1, gcCalls.size());
        assertTrue(gcCalls.toString(), gcCalls.get(0).matches("prsm\\$reference\\$\\d+: java/lang/System.gc"));
        Class<?> type = define(woven);
        Runnable gc = (Runnable) type.getMethod("gc").invoke(type.getConstructor().newInstance());
        counted(() -> {
            gc.run();
            return null;
        });
    }

    @Test
    public void aJdkLoopCallingAReferenceOfContainedCodeStopsAtItsNextCall() throws Exception {
        byte[] marked = PluginCodeMarks.mark(new CheckpointWeaver().weave(fixtureBytes(), BUNDLE),
                Counter.class.getName().replace('.', '/'), BUNDLE);
        Class<?> type = define(marked);
        Object fixture = type.getConstructor().newInstance();
        Runnable spin = (Runnable) type.getMethod("spinWait").invoke(fixture);
        LongUnaryOperator increment = (LongUnaryOperator) type.getMethod("increment").invoke(fixture);
        Thread self = Thread.currentThread();
        CodeStops.raise(self, "deadline passed");
        try {
            // the loops are the JDK's and the references' targets are the JDK's: only the forwarders are woven
            PluginCodeStopped spun = assertThrows(PluginCodeStopped.class,
                    () -> Collections.nCopies(Integer.MAX_VALUE, spin).forEach(Runnable::run));
            assertEquals("deadline passed", spun.getMessage());
            assertThrows(PluginCodeStopped.class, () -> LongStream.iterate(0, increment).count());
        } finally {
            CodeStops.lower(self);
        }
        spin.run();
        assertEquals(8, increment.applyAsLong(7));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aMethodThatStartsWithAnotherBundlesEntryIsCountedForItsOwn() throws Exception {
        byte[] contained = new CheckpointWeaver().weave(fixtureBytes(), BUNDLE + 1);
        byte[] marked = PluginCodeMarks.mark(contained, Counter.class.getName().replace('.', '/'), BUNDLE);
        List<String> entries = entries(marked);
        for (String entry : entries) {
            // another bundle's entry does not make the class this bundle's contained code: forwarders only count
            String expected = entry.startsWith("prsm$reference$") ? "42 ran |" : "42 ran | 43 enter |";
            assertTrue(entry, entry.endsWith(": " + expected));
        }
        // and the class as both hooks leave it is valid code that counts
        Class<?> type = define(marked);
        Supplier<String> lambda = (Supplier<String>) type.getMethod("lambda").invoke(type.getConstructor().newInstance());
        assertEquals("erutxif", counted(lambda::get));
    }

    @Test
    public void aPluginClassInThePlatformsCheckpointPackageIsRefused() {
        // a plugin's own Checkpoint.enter would make its methods look counted and count nothing
        org.objectweb.asm.ClassWriter writer = new org.objectweb.asm.ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "io/prsm/api/containment/Checkpoint", null, "java/lang/Object",
                null);
        writer.visitEnd();
        PluginCodeMarks.PlatformPackage refused = org.junit.Assert.assertThrows(PluginCodeMarks.PlatformPackage.class,
                () -> PluginCodeMarks.mark(writer.toByteArray(), Counter.class.getName().replace('.', '/'), BUNDLE));
        assertTrue(refused.getMessage(), refused.getMessage().contains("io.prsm.api.containment"));
    }

    /** The fixture class defined from {@code classfile}, in a loader of its own. */
    private static Class<?> define(byte[] classfile) throws ClassNotFoundException {
        return new ClassLoader(PluginCodeMarksTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(FIXTURE)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> known = findLoadedClass(name);
                        return known != null ? known : defineClass(name, classfile, 0, classfile.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(FIXTURE);
    }

    private static byte[] fixtureBytes() throws IOException {
        try (InputStream in = PluginCodeMarksFixture.class.getResourceAsStream("PluginCodeMarksFixture.class")) {
            return in.readAllBytes();
        }
    }

    /** Per method, "name: " then the static calls taking a constant that come before its first other instruction. */
    private static List<String> entries(byte[] classfile) {
        List<String> entries = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                StringBuilder entry = new StringBuilder(name + ": ");
                return new MethodVisitor(Opcodes.ASM9) {
                    private Object constant;
                    private boolean past;

                    @Override
                    public void visitLdcInsn(Object value) {
                        past |= constant != null;
                        constant = value;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (!past && constant != null && opcode == Opcodes.INVOKESTATIC) {
                            entry.append(constant).append(' ').append(method).append(" | ");
                            constant = null;
                        } else {
                            past = true;
                        }
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        past = true;
                    }

                    @Override
                    public void visitVarInsn(int opcode, int slot) {
                        past = true;
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        past = true;
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                        past = true;
                    }

                    @Override
                    public void visitEnd() {
                        entries.add(entry.toString().trim());
                    }
                };
            }
        }, 0);
        return entries;
    }

    /** Runs {@code call} and fails unless the woven code counted at least once meanwhile. */
    private static <T> T counted(Supplier<T> call) {
        long before = Counter.RAN.get();
        T result = call.get();
        assertTrue("the call entered no counted method", Counter.RAN.get() > before);
        return result;
    }
}
