package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.bridge.EntitlementChecker;
import io.prsm.bridge.Entitlements;
import io.prsm.platform.CodeStops;
import io.prsm.sandbox.bytecode.fixtures.HotSpinner;
import io.prsm.sandbox.bytecode.fixtures.SwallowingSpinner;

public class CheckpointWeaverTest {

    private final CheckpointWeaver weaver = new CheckpointWeaver();

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines {@code name} from {@code bytes} itself, everything else from the test's class path. */
    private static Class<?> define(String name, byte[] bytes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(CheckpointWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String wanted, boolean resolve) throws ClassNotFoundException {
                if (wanted.equals(name)) {
                    synchronized (getClassLoadingLock(wanted)) {
                        Class<?> done = findLoadedClass(wanted);
                        return done != null ? done : defineClass(wanted, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(wanted, resolve);
            }
        };
        return Class.forName(name, true, loader);
    }

    @Test
    public void aSpinnerThatSwallowsEverythingStopsOnceItsThreadIsStoppedAndReleasesItsMonitor() throws Exception {
        Class<?> woven = define(SwallowingSpinner.class.getName(), weaver.weave(bytes(SwallowingSpinner.class)));
        CountDownLatch started = new CountDownLatch(1);
        Object lock = new Object();
        Runnable spinner = (Runnable) woven.getConstructor(CountDownLatch.class, Object.class).newInstance(started,
                lock);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread thread = new Thread(spinner, "spinner");
        thread.setUncaughtExceptionHandler((t, failure) -> ended.set(failure));
        thread.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        try {
            thread.interrupt();
            CodeStops.raise(thread, "deadline passed");
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse("the spinner still runs", thread.isAlive());
        } finally {
            CodeStops.lower(thread);
        }
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof PluginCodeStopped);
        assertEquals("deadline passed", ended.get().getMessage());
        synchronized (lock) {
            assertFalse(CodeStops.anyRaised());
        }
    }

    @Test
    public void aSpinnerCompiledWhileNothingWasStoppedStopsOnceItsThreadIsStopped() throws Exception {
        // the checks compiled while no thread was stopped do nothing: the raise must reach the compiled loop
        Class<?> woven = define(HotSpinner.class.getName(), weaver.weave(bytes(HotSpinner.class), 9, false));
        CountDownLatch hot = new CountDownLatch(1);
        Runnable spinner = (Runnable) woven.getConstructor(CountDownLatch.class).newInstance(hot);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread thread = new Thread(spinner, "hot spinner");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, failure) -> ended.set(failure));
        thread.start();
        assertTrue(hot.await(60, TimeUnit.SECONDS));
        try {
            CodeStops.raise(thread, "deadline passed");
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse("the spinner still runs", thread.isAlive());
        } finally {
            CodeStops.lower(thread);
        }
        assertTrue(String.valueOf(ended.get()), ended.get() instanceof PluginCodeStopped);
        assertEquals("deadline passed", ended.get().getMessage());
        assertFalse(CodeStops.anyRaised());
    }

    @Test
    public void theChecksCostNothingWhileNoneIsStoppedOnlyWhereEveryCompiledLoopKeepsASafepointPoll() {
        // off with the serial and parallel collectors: there a compiled counted loop could not be reached
        String polls = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCountedLoopSafepoints").getValue();
        assertEquals(polls.equals("true"), CodeStops.checksCompiledAway());
    }

    @Test
    public void codeOnAThreadThatIsNotStoppedRunsAsBefore() throws Exception {
        Class<?> woven = define(Counts.class.getName(), weaver.weave(bytes(Counts.class)));
        Thread other = new Thread(() -> { });
        CodeStops.raise(other, "another thread is stopped");
        try {
            assertEquals(45, woven.getMethod("sum", int.class).invoke(null, 10));
        } finally {
            CodeStops.lower(other);
        }
    }

    @Test
    public void aStopOfOneBundlesCodeOnAThreadStopsThatCodeAloneThere() throws Exception {
        Class<?> ofSeven = define(Counts.class.getName(), weaver.weave(bytes(Counts.class), 7, false));
        Class<?> ofEight = define(Counts.class.getName(), weaver.weave(bytes(Counts.class), 8, false));
        Thread self = Thread.currentThread();
        CodeStops.raise(self, 7, "bundle 7 stopped");
        try {
            java.lang.reflect.InvocationTargetException stopped = assertThrows(
                    java.lang.reflect.InvocationTargetException.class,
                    () -> ofSeven.getMethod("sum", int.class).invoke(null, 10));
            assertEquals("bundle 7 stopped", stopped.getCause().getMessage());
            // another bundle's code on the same thread (a pool thread serves everyone) runs on
            assertEquals(45, ofEight.getMethod("sum", int.class).invoke(null, 10));
            assertTrue(CodeStops.raised(self, 7));
        } finally {
            CodeStops.lower(self, 7);
        }
        assertFalse(CodeStops.anyRaised());
        assertEquals(45, ofSeven.getMethod("sum", int.class).invoke(null, 10));
    }

    @Test
    public void withItsBundleIdEachMethodEntryIsOneCallThatChecksAndCountsAndEveryCheckNamesTheBundle() throws Exception {
        List<String> calls = checkpointCalls(weaver.weave(bytes(Counts.class), 7));
        // entry of the constructor, entry of sum, its catch handler, its loop's back-edge
        assertEquals(List.of("<init>: 7 enter", "sum: 7 enter", "sum: 7 check", "sum: 7 check"), calls);
        // without the agent nothing is counted, but every check still names the bundle
        assertEquals(List.of("<init>: 7 check", "sum: 7 check", "sum: 7 check", "sum: 7 check"),
                checkpointCalls(weaver.weave(bytes(Counts.class), 7, false)));
        assertEquals(List.of("<init>: check", "sum: check", "sum: check", "sum: check"),
                checkpointCalls(weaver.weave(bytes(Counts.class))));
    }

    @Test
    public void anEntryWovenWithItsBundleIdCountsForTheEntitlementCheckAndStillStops() throws Exception {
        Class<?> woven = define(Counts.class.getName(), weaver.weave(bytes(Counts.class), 7));
        List<List<Long>> told = new ArrayList<>();
        EntitlementChecker checker = new EntitlementChecker() {
            @Override
            public void check(String sink, Object target, Object detail) {
                throw new AssertionError("asked without what ran");
            }

            @Override
            public long[] checkKnowing(String sink, Object target, Object detail, long[] pluginsThatRan) {
                told.add(pluginsThatRan == null ? null : java.util.Arrays.stream(pluginsThatRan).boxed().toList());
                // the whole stack walked, no plugin code on it
                return new long[0];
            }

            @Override
            public boolean isPlatform(Class<?> caller) {
                return true;
            }
        };
        Entitlements.install(checker);
        try {
            Entitlements.check("file.read", "/a", null);
            Entitlements.check("file.read", "/a", null);
            assertEquals(45, woven.getMethod("sum", int.class).invoke(null, 10));
            Entitlements.check("file.read", "/a", null);
        } finally {
            Entitlements.uninstall(checker);
        }
        // asked first knowing nothing; then clean (no second ask); then told bundle 7 ran
        java.util.ArrayList<List<Long>> expected = new java.util.ArrayList<>();
        expected.add(null);
        expected.add(List.of(7L));
        assertEquals(expected, told);

        CodeStops.raise(Thread.currentThread(), "stopped at entry");
        try {
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> woven.getMethod("sum", int.class).invoke(null, 10));
            assertTrue(String.valueOf(thrown.getCause()), thrown.getCause() instanceof PluginCodeStopped);
        } finally {
            CodeStops.lower(Thread.currentThread());
        }
    }

    /** Each call to {@code Checkpoint} in {@code classfile}, in order: "method: check" or "method: ID enter". */
    private static List<String> checkpointCalls(byte[] classfile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private Object lastConstant;

                    @Override
                    public void visitLdcInsn(Object value) {
                        lastConstant = value;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (owner.equals(CheckpointWeaver.CHECK_OWNER)) {
                            calls.add(name + ": " + (lastConstant == null ? "" : lastConstant + " ") + method);
                        }
                        lastConstant = null;
                    }
                };
            }
        }, 0);
        return calls;
    }

    @Test
    public void aClassWithACatchHandlerInsideTheCodeItGuardsIsRefused() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "example/Loops", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "spin", "()V", null, null);
        method.visitCode();
        Label start = new Label();
        Label handler = new Label();
        Label end = new Label();
        method.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
        method.visitLabel(start);
        method.visitInsn(Opcodes.NOP);
        method.visitLabel(handler);
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitInsn(Opcodes.ATHROW);
        method.visitLabel(end);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        byte[] crafted = writer.toByteArray();
        CheckpointWeaver.WeavingRefused refused = assertThrows(CheckpointWeaver.WeavingRefused.class,
                () -> weaver.weave(crafted));
        assertTrue(refused.getMessage(), refused.getMessage().contains("example/Loops.spin"));
    }

    @Test
    public void aMethodThatNeitherLoopsNorCallsNorCatchesGetsNoEntryCheckAndAnyOtherDoes() throws Exception {
        // sorted by method, so the order the compiler wrote them in does not matter
        List<String> calls = new ArrayList<>(checkpointCalls(weaver.weave(bytes(Shapes.class), 7, false)));
        calls.sort(null);
        assertEquals(List.of(
                "<init>: 7 check", // calls Object's constructor
                "callsAnother: 7 check", // calls value()
                "catches: 7 check", "catches: 7 check", // entry, handler
                "loops: 7 check", "loops: 7 check"), // entry, back-edge
                calls);
        // with the agent too: a bounded method is left to the entitlement count alone
        List<String> entered = new ArrayList<>(checkpointCalls(weaver.weave(bytes(Shapes.class), 7)));
        entered.sort(null);
        assertEquals(List.of("<init>: 7 enter", "callsAnother: 7 enter", "catches: 7 check", "catches: 7 enter",
                "loops: 7 check", "loops: 7 enter"), entered);
    }

    @Test
    public void aCatchAllHandlerBeforeTheCodeItGuardsIsRefused() {
        // a loop without a backward jump: the handler comes first, falls into the code it guards, which throws again;
        // a catch-all handler carries no check, so only the entry's would run, once
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "example/Throws", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "spin", "()V", null, null);
        method.visitCode();
        Label enter = new Label();
        Label handler = new Label();
        Label start = new Label();
        Label end = new Label();
        method.visitTryCatchBlock(start, end, handler, null);
        method.visitJumpInsn(Opcodes.GOTO, enter);
        method.visitLabel(handler);
        method.visitInsn(Opcodes.POP);
        method.visitLabel(enter);
        method.visitLabel(start);
        method.visitInsn(Opcodes.ACONST_NULL);
        method.visitInsn(Opcodes.ATHROW);
        method.visitLabel(end);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        byte[] crafted = writer.toByteArray();
        CheckpointWeaver.WeavingRefused refused = assertThrows(CheckpointWeaver.WeavingRefused.class,
                () -> weaver.weave(crafted, 7, false));
        assertTrue(refused.getMessage(), refused.getMessage().contains("example/Throws.spin")
                && refused.getMessage().contains("placed before the code it guards"));
    }

    @Test
    public void aBoundedMethodCalledInAWovenLoopDoesNotKeepTheLoopFromStopping() throws Exception {
        Class<?> woven = define(Shapes.class.getName(), weaver.weave(bytes(Shapes.class), 7, false));
        Object shapes = woven.getConstructor().newInstance();
        Shapes plain = new Shapes();
        assertEquals(plain.loops(10), woven.getMethod("loops", int.class).invoke(shapes, 10));
        CodeStops.raise(Thread.currentThread(), "stopped in the loop");
        try {
            // a bounded method runs to its end; the loop calling it stops at its entry
            assertEquals(plain.value(), woven.getMethod("value").invoke(shapes));
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> woven.getMethod("loops", int.class).invoke(shapes, 10));
            assertEquals("stopped in the loop", thrown.getCause().getMessage());
        } finally {
            CodeStops.lower(Thread.currentThread());
        }
    }

    /** Methods that end by themselves and methods that may not, to be woven. */
    public static final class Shapes {
        private int value = 4;

        public int value() {
            return value;
        }

        public int branches(int x) {
            switch (x) {
                case 1:
                    return value + 1;
                case 2:
                    return value * 2;
                default:
                    return x > 0 ? value : -value;
            }
        }

        public int callsAnother() {
            return value() * 2;
        }

        public int catches(int divisor) {
            try {
                return value / divisor;
            } catch (ArithmeticException byZero) {
                return 0;
            }
        }

        public int loops(int turns) {
            int sum = 0;
            for (int i = 0; i < turns; i++) {
                sum += value() + i - 2;
            }
            return sum;
        }
    }

    /** Plain code with a loop, a call and a catch, to be woven. */
    public static final class Counts {
        public static int sum(int below) {
            int sum = 0;
            for (int i = 0; i < below; i++) {
                try {
                    sum += Integer.parseInt(String.valueOf(i));
                } catch (NumberFormatException impossible) {
                    sum = -1;
                }
            }
            return sum;
        }
    }
}
