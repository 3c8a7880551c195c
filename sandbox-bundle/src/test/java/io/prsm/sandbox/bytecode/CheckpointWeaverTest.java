package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.platform.CodeStops;
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
