package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    /** The distribution's Event Admin timeout, which the hook bridge keeps too. */
    private static final long HOOK_TIMEOUT_SECONDS = 1;
    /** Room for a loaded host; the handler's description alone takes minutes. */
    private static final long MARGIN_SECONDS = 10;

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
    public void aFailureWhoseWordsTakeMinutesHoldsUpNoPublisher() throws Exception {
        plugins.install(property("prsm.hostile.fails-its-hook-loudly"));
        plugins.install(property("prsm.sample.advancedAnalytics"));

        // its handler throws an exception whose getMessage writes a 40-million-bit number (minutes of JDK
        // code); the publisher, here prsm:hook on a thread of the test's, waits at most the hook timeout
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            Future<String> published = publisher.submit(() -> shell("prsm:hook user_login '{\"user_id\":\"u1\"}'"));
            assertEquals("user_login delivered to 2 subscribers",
                    published.get(HOOK_TIMEOUT_SECONDS + MARGIN_SECONDS, TimeUnit.SECONDS));
        } finally {
            publisher.shutdownNow();
        }
        // the plugin's words are made on its handler's thread alone, never on a publisher's or Event Admin's
        List<String> describing = Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("io.prsm.sample.hostile.FailsItsHookLoudly")))
                .map(thread -> thread.getKey().getName()).toList();
        // (the publisher is answered while the handler's thread still describes)
        assertFalse(describing.isEmpty());
        assertTrue(describing.toString(), describing.stream().allMatch("prsm-hook"::equals));
        assertEquals(1, logins("u1"));
        // a description that takes longer than the timeout cuts the handler off, audited
        assertTrue(auditLog(), auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"fails-its-hook-loudly\"")
                && line.contains("\"request\":\"deliver user_login\",\"decision\":\"deny\"")));
        // cut off like a hang: the next login reaches only the well-behaved plugin, at once
        assertEquals("user_login delivered to 1 subscriber", shell("prsm:hook user_login '{\"user_id\":\"u1\"}'"));
        assertEquals(2, logins("u1"));
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
