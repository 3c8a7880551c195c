package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.prsm.sandbox.bytecode.fixtures.CallsGc;
import io.prsm.sandbox.bytecode.fixtures.Finalizes;
import io.prsm.sandbox.bytecode.fixtures.OwnChannel;
import io.prsm.sandbox.bytecode.fixtures.OwnSelector;
import io.prsm.sandbox.bytecode.fixtures.WellBehaved;

public class JdkThreadCodeTest {

    private final JdkThreadCode jdkThreads = new JdkThreadCode();

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getName().substring(type.getName().lastIndexOf('.') + 1)
                + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Defines {@code name} from {@code bytes} itself, everything else from the test's class path. */
    private static Class<?> define(String name, byte[] bytes) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(JdkThreadCodeTest.class.getClassLoader()) {
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

    /**
     * Collects one new object of {@code type}, and tells how many finalize() calls its class
     * counted by then. An object the JVM registered for finalization is only phantom reachable
     * after its finalize() ran, so the count is read after that either way.
     */
    private static int finalizedAfterCollecting(Class<?> type) throws Exception {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> phantom = new PhantomReference<>(type.getConstructor().newInstance(), queue);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Reference<?> collected = null;
        while (collected == null && System.nanoTime() < deadline) {
            System.gc();
            collected = queue.remove(100);
        }
        assertSame("the object was never collected", phantom, collected);
        return ((AtomicInteger) type.getField("FINALIZED").get(null)).get();
    }

    @Test
    public void finalizeIsRenamedSoTheJvmNeverRunsItOnItsFinalizerThread() throws Exception {
        JdkThreadCode.Kept kept = jdkThreads.keepOff(bytes(Finalizes.class));
        assertTrue(kept.finalizeRenamed());
        Class<?> woven = define(Finalizes.class.getName(), kept.bytes());
        assertTrue(Arrays.stream(woven.getDeclaredMethods()).noneMatch(m -> m.getName().equals("finalize")));
        assertNotNull(woven.getDeclaredMethod(JdkThreadCode.FINALIZE_RENAMED));
        assertEquals(0, finalizedAfterCollecting(woven));
        // the same class unchanged is finalized: the measure above can tell the two apart
        assertEquals(1, finalizedAfterCollecting(define(Finalizes.class.getName(), bytes(Finalizes.class))));
    }

    @Test
    public void aClassWithoutFinalizeIsLeftAsItIs() throws IOException {
        byte[] plain = bytes(WellBehaved.class);
        JdkThreadCode.Kept kept = jdkThreads.keepOff(plain);
        assertFalse(kept.finalizeRenamed());
        assertSame(plain, kept.bytes());
    }

    @Test
    public void aChannelOrSelectorOfThePluginsOwnIsRefused() {
        for (Class<?> handler : new Class<?>[] { OwnChannel.class, OwnSelector.class }) {
            CheckpointWeaver.WeavingRefused refused = assertThrows(CheckpointWeaver.WeavingRefused.class,
                    () -> jdkThreads.keepOff(bytes(handler)));
            assertTrue(refused.getMessage(), refused.getMessage().contains("whose begin() would run the plugin's "
                    + "code on whichever thread interrupts its own"));
        }
    }

    @Test
    public void runtimeGcWhichTheAgentCannotCheckBecomesTheCheckedSystemGc() throws Exception {
        assertEquals(List.of("java/lang/Runtime.getRuntime", "java/lang/Runtime.gc", "java/lang/Runtime.gc"),
                calls(bytes(CallsGc.class)));
        JdkThreadCode.Kept kept = jdkThreads.keepOff(bytes(CallsGc.class));
        assertFalse(kept.finalizeRenamed());
        assertEquals(List.of("java/lang/Runtime.getRuntime", "java/lang/System.gc", "java/lang/System.gc"),
                calls(kept.bytes()));
        // still valid code that does what it did
        assertEquals(2, define(CallsGc.class.getName(), kept.bytes()).getMethod("twice").invoke(null));
    }

    /** The methods the class calls, as owner.name, in order. */
    private static List<String> calls(byte[] classfile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (!method.equals("<init>")) {
                            calls.add(owner + "." + method);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}
