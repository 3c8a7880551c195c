package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class RefusalBudgetTest {

    private final AtomicLong now = new AtomicLong(42);
    private final RefusalBudget budget = new RefusalBudget(now::get);

    @Test
    public void aPluginGetsItsRefusalsWrittenUpToTheLimitAMinuteThenCountedAndTheCountWrittenNext() {
        for (int i = 1; i <= RefusalBudget.PER_MINUTE; i++) {
            RefusalBudget.Decision decision = budget.next("flood");
            assertTrue(decision.write());
            assertEquals(i == RefusalBudget.PER_MINUTE, decision.lastOneByOne());
            assertEquals(0, decision.foldedBefore());
        }
        for (int i = 0; i < 5000; i++) {
            RefusalBudget.Decision decision = budget.next("flood");
            assertFalse(decision.write());
            assertEquals(0, decision.foldedBefore());
        }
        // another plugin's refusals are written meanwhile: the flood does not spend its budget
        assertTrue(budget.next("bystander").write());
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertFalse(budget.next("flood").write());
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        RefusalBudget.Decision next = budget.next("flood");
        assertTrue(next.write());
        assertEquals(5001, next.foldedBefore());
        assertEquals("the count is written once", 0, budget.next("flood").foldedBefore());
    }
}
