package io.prsm.sandbox.bytecode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.junit.After;
import org.junit.Test;
import org.objectweb.asm.Opcodes;

import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.platform.AllocationBudgets;
import io.prsm.platform.CodeStops;
import io.prsm.sandbox.bytecode.fixtures.AllocatesArrays;

public class AllocationWeaverTest {

    private static final int MIB = 1024 * 1024;

    /** What the budget's reader says the current thread allocated: set by each test, not measured. */
    private final AtomicLong allocated = new AtomicLong();

    @After
    public void clearBudget() {
        AllocationBudgets.clear(Thread.currentThread());
        CodeStops.lower(Thread.currentThread());
    }

    @SuppressWarnings("unchecked")
    private static IntFunction<Object[]> woven() throws Exception {
        byte[] bytes;
        try (InputStream in = AllocatesArrays.class.getResourceAsStream("AllocatesArrays.class")) {
            bytes = in.readAllBytes();
        }
        byte[] weaved = new AllocationWeaver().weave(new CheckpointWeaver().weave(bytes));
        String name = AllocatesArrays.class.getName();
        ClassLoader loader = new ClassLoader(AllocationWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String wanted, boolean resolve) throws ClassNotFoundException {
                if (wanted.equals(name)) {
                    synchronized (getClassLoadingLock(wanted)) {
                        Class<?> done = findLoadedClass(wanted);
                        return done != null ? done : defineClass(wanted, weaved, 0, weaved.length);
                    }
                }
                return super.loadClass(wanted, resolve);
            }
        };
        return (IntFunction<Object[]>) Class.forName(name, true, loader).getConstructor().newInstance();
    }

    private void budget(long limit) {
        AllocationBudgets.set(Thread.currentThread(), new AllocationBudgets.Budget(limit, 0, allocated::get,
                wouldUse -> "would use " + wouldUse));
    }

    @Test
    public void anArrayThatWouldTakeTheTaskPastItsLimitIsNotAllocatedAndTheThreadIsStopped() throws Exception {
        IntFunction<Object[]> arrays = woven();
        budget(4 * MIB);
        allocated.set(3 * MIB);
        PluginCodeStopped stopped = assertThrows(PluginCodeStopped.class, () -> arrays.apply(2 * MIB));
        assertEquals("would use " + 5 * MIB, stopped.getMessage());
        assertTrue("later checks keep throwing", CodeStops.raised());
        assertEquals("would use " + 5 * MIB, AllocationBudgets.clear(Thread.currentThread()));
    }

    @Test
    public void elementSizesCountLongsAndReferencesAsWellAsBytes() throws Exception {
        IntFunction<Object[]> arrays = woven();
        budget(MIB);
        // 200 KiB of bytes fits; the same count of longs is 1.6 MiB and does not
        PluginCodeStopped stopped = assertThrows(PluginCodeStopped.class, () -> arrays.apply(200 * 1024));
        assertEquals("would use " + 200 * 1024 * 8, stopped.getMessage());
    }

    @Test
    public void arraysWithinTheBudgetSmallOnesAndThreadsWithoutABudgetAllocateAsBefore() throws Exception {
        IntFunction<Object[]> arrays = woven();
        assertEquals(3, arrays.apply(2 * MIB).length); // no budget on this thread
        budget(4 * MIB);
        allocated.set(4 * MIB); // the budget is used up, but small arrays are not charged
        assertEquals(1000, ((byte[]) arrays.apply(1000)[0]).length);
        allocated.set(0);
        assertEquals(MIB / 8, ((long[]) arrays.apply(MIB / 8)[1]).length);
        assertFalse(CodeStops.raised());
        assertNull(AllocationBudgets.clear(Thread.currentThread()));
    }

    @Test
    public void primitiveElementSizesAreTheJvmsOwn() {
        assertEquals(1, AllocationWeaver.elementBytes(Opcodes.T_BOOLEAN));
        assertEquals(2, AllocationWeaver.elementBytes(Opcodes.T_CHAR));
        assertEquals(4, AllocationWeaver.elementBytes(Opcodes.T_FLOAT));
        assertEquals(8, AllocationWeaver.elementBytes(Opcodes.T_DOUBLE));
    }
}
