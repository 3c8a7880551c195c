package io.prsm.sample.hostile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmHarness;

/**
 * atk4's E6: an endpoint that answers in time with what takes minutes to write (a 40-million-bit
 * number, a bean whose getter loops) or throws what takes minutes to describe. Its answer is made
 * plain and its failure described on the endpoint's own thread, within the deadline: each caller is
 * answered within the task timeout plus a margin, no thread of the HTTP server runs the plugin's
 * code or the JDK's writing for it afterwards, the refusal is audited, and the API keeps serving.
 */
public class AnswersItsEndpointLateIT {

    private static final String LATE = "/api/v1/answers-late";
    private static final String PERMISSION = "atk4_read";
    private static final long TIMEOUT_SECONDS = 1;
    /** Room for a loaded host; the work the plugin asks for takes minutes. */
    private static final long MARGIN_SECONDS = 10;

    @Rule
    public final PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")))
            .withFrameworkProperty("prsm.task.timeout", TIMEOUT_SECONDS + "s")
            .withFrameworkProperty("prsm.task.concurrency", "2");

    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @After
    public void stopCalling() {
        caller.shutdownNow();
    }

    @Test
    public void aNumberTooLongToWriteIsRefusedOnTheEndpointsThread() throws Exception {
        HttpAnswer refused = inTime(LATE + "?kind=number&bits=40000000");
        assertEquals(refused.error(), 500, refused.status());
        assertTrue(refused.error(), refused.error().contains("data.n is a number longer than 100 digits"));
        assertTrue(notOnTheHttpServersThreads(), notOnTheHttpServersThreads().isEmpty());
        assertTrue(audit(), audit().lines().anyMatch(line -> line.contains("\"request\":\"answer " + LATE + "\"")
                && line.contains("answered " + LATE + " with data the runtime cannot send")));
        assertServing();
    }

    @Test
    public void aBeanWhoseGetterLoopsIsRefusedUnread() throws Exception {
        HttpAnswer refused = inTime(LATE + "?kind=getter");
        assertEquals(refused.error(), 500, refused.status());
        assertTrue(refused.error(), refused.error().contains("data.bean is a " + AnswersItsEndpointLatePlugin.Slow.class.getName()));
        assertTrue(notOnTheHttpServersThreads(), notOnTheHttpServersThreads().isEmpty());
        assertServing();
    }

    @Test
    public void aFailureWhoseWordsTakeMinutesIsAnsweredAtTheDeadline() throws Exception {
        HttpAnswer late = inTime(LATE + "?kind=throw&bits=40000000");
        assertEquals(late.error(), 504, late.status());
        // the plugin's getMessage runs on the endpoint's own thread, still describing after its caller was answered
        List<String> describing = threadsIn("io.prsm.sample.hostile.AnswersItsEndpointLatePlugin");
        assertFalse(describing.isEmpty());
        assertTrue(describing.toString(), describing.stream().allMatch(name -> name.startsWith("prsm-endpoint-")));
        assertTrue(audit(), audit().lines().anyMatch(line -> line.contains("\"plugin\":\"answers-its-endpoint-late\"")
                && line.contains("\"request\":\"answer " + LATE + "\"") && line.contains("did not answer")));
        assertServing();
    }

    /** The call, answered within the task timeout plus a margin (it fails with a TimeoutException otherwise). */
    private HttpAnswer inTime(String path) throws Exception {
        return inTime(path, PERMISSION);
    }

    private HttpAnswer inTime(String path, String permission) throws Exception {
        Future<HttpAnswer> answer = caller.submit(() -> prsm.get(path, permission));
        return answer.get(TIMEOUT_SECONDS + MARGIN_SECONDS, TimeUnit.SECONDS);
    }

    /** HTTP server threads (Jetty's {@code qtp}) in the plugin's code or the JDK's big numbers: none may be. */
    private static String notOnTheHttpServersThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("qtp"))
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName()
                        .startsWith("io.prsm.sample.hostile.") || frame.getClassName().equals("java.math.BigInteger")))
                .map(thread -> thread.getKey().getName()).reduce("", (all, name) -> all + name + " ");
    }

    private static List<String> threadsIn(String classPrefix) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith(classPrefix)))
                .map(thread -> thread.getKey().getName()).toList();
    }

    private String audit() throws Exception {
        return Files.readString(prsm.storage().resolve("audit").resolve("audit.log"), StandardCharsets.UTF_8);
    }

    /** The plugin's own quick answer, and the runtime's routes, still served. */
    private void assertServing() throws Exception {
        HttpAnswer ok = inTime(LATE + "?kind=ok");
        assertEquals(ok.error(), 200, ok.status());
        assertTrue(ok.body().toString(), ok.body().get("ok").asBoolean());
        assertEquals(200, inTime("/api/v1/plugins", "prsm_read").status());
    }
}
