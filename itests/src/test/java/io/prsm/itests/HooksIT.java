package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;

/**
 * Hooks on Event Admin in a real Felix: a subscriber that hangs or throws does not hold up the
 * others, a hanging one is cut off, and a plugin cannot publish a hook it holds no permission for.
 * (The distribution's Event Admin timeout is set to one second for these tests.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HooksIT extends PrsmTestSupport {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("hooks");
    }

    private int logins(String userId) throws Exception {
        PluginResponse answer = execute("advanced-analytics", "user_analytics", Map.of("user_id", userId));
        return ((Number) ((Map<?, ?>) answer.data()).get("login_count")).intValue();
    }

    @Test
    public void aHangingOrThrowingSubscriberDoesNotHoldUpTheOthers() throws Exception {
        plugins.install(property("prsm.hostile.hooks"));
        plugins.install(property("prsm.sample.advancedAnalytics"));

        // a handler that throws is logged; the event still reaches the others, and it keeps receiving
        assertEquals("message_sent delivered to 2 subscribers",
                shell("prsm:hook message_sent '{\"user_id\":\"a\",\"content\":\"great\"}'"));
        PluginResponse analytics = execute("advanced-analytics", "user_analytics", Map.of("user_id", "a"));
        assertEquals(1, ((Number) ((Map<?, ?>) analytics.data()).get("message_count")).intValue());

        // the misbehaver's login handler never returns: the publisher waits at most the hook timeout
        assertEquals("user_login delivered to 2 subscribers", shell("prsm:hook user_login '{\"user_id\":\"a\"}'"));
        assertEquals(1, logins("a"));
        // ... and the hanging handler is cut off, so the next login reaches only the well-behaved plugin
        assertEquals("user_login delivered to 1 subscriber", shell("prsm:hook user_login '{\"user_id\":\"a\"}'"));
        assertEquals(2, logins("a"));
        PluginResponse misbehaver = execute("hook-misbehaver", "received", Map.of());
        assertEquals(2, ((Number) ((Map<?, ?>) misbehaver.data()).get("received")).intValue());
        assertTrue(auditLog().contains("\"request\":\"deliver user_login\",\"decision\":\"deny\""));
    }

    @Test
    public void aPluginCannotPublishAHookItHoldsNoPermissionFor() throws Exception {
        plugins.install(property("prsm.hostile.hooks"));
        plugins.install(property("prsm.sample.advancedAnalytics"));

        PluginResponse forged = execute("hook-misbehaver", "publish", Map.of());
        assertFalse(forged.success());
        assertTrue(forged.error(), forged.error().contains("may not publish hook user_login"));
        assertEquals(0, logins("forged"));
        assertTrue(auditLog().contains("\"plugin\":\"hook-misbehaver\""));
        assertTrue(auditLog().contains("\"request\":\"publish user_login\",\"decision\":\"deny\""));
    }
}
