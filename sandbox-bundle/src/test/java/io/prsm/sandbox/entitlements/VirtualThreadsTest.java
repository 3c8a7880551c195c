package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.Test;

import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;

/**
 * Virtual threads are refused below trusted (atk3): the JVM measures neither their CPU time nor
 * their allocations per thread, so a plugin's virtual thread spun a whole core at "CPU share: 0.00"
 * and kept the heap while the low-memory guard quarantined a bystander. On JDK 17 there are none.
 */
public class VirtualThreadsTest {

    private final EntitlementRules rules = new EntitlementRules(Path.of("/plugins"), Path.of("/jdk"));

    private Optional<String> starting(Thread thread, Classification level, PluginEntitlements granted) {
        return rules.refusal("p", level, granted, new SinkActs(type -> false).describe("thread.start", thread, null).get(0),
                candidate -> false, type -> false, bundleId -> false, type -> false);
    }

    @Test
    public void aVirtualThreadIsRefusedEvenWithManageThreadsAndAPlatformThreadIsNot() throws Exception {
        PluginEntitlements manages = new PluginEntitlements(java.util.List.of(), java.util.List.of(),
                java.util.List.of(), true);
        assertTrue(starting(new Thread(() -> { }), Classification.SANDBOX, PluginEntitlements.NONE).isEmpty());
        assertFalse(EntitlementRules.virtual(new Thread(() -> { })));
        Thread virtual;
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            virtual = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class).invoke(builder,
                    (Runnable) () -> { });
        } catch (NoSuchMethodException beforeJdk21) {
            assertTrue("only a JDK before 21 has no virtual threads", Runtime.version().feature() < 21);
            return;
        }
        assertTrue(EntitlementRules.virtual(virtual));
        for (Classification level : java.util.List.of(Classification.SANDBOX, Classification.ISOLATED)) {
            Optional<String> refused = starting(virtual, level, manages);
            assertTrue(level + " started a virtual thread", refused.isPresent());
            assertTrue(refused.get(), refused.get().contains("start a platform thread instead"));
        }
        assertEquals(Optional.empty(), starting(new Thread(() -> { }), Classification.ISOLATED, manages));
    }
}
