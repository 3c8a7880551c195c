package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.Test;

public class TaskAnswerTest {

    @Test
    public void blockingCallersGetTheAnswerWhetherItCameWhileTheyWatchedOrAfter() throws Exception {
        for (long spin : new long[] { 0, 50_000, 1_000_000 }) {
            TaskAnswer<String> answer = new TaskAnswer<>(spin);
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> {
                waiting.countDown();
                return answer.join();
            });
            waiting.await();
            answer.complete("done");
            assertEquals("done", caller.get(30, TimeUnit.SECONDS));
            assertEquals("done", answer.get());
            assertEquals("done", answer.get(1, TimeUnit.SECONDS));
        }
    }

    @Test
    public void aTimedGetStillTimesOut() {
        TaskAnswer<String> answer = new TaskAnswer<>(50_000);
        assertThrows(TimeoutException.class, () -> answer.get(10, TimeUnit.MILLISECONDS));
    }

    @Test
    public void stagesMadeFromAnAnswerArePlainFutures() throws Exception {
        TaskAnswer<String> answer = new TaskAnswer<>(50_000);
        CompletableFuture<Integer> length = answer.thenApply(String::length);
        assertSame(CompletableFuture.class, length.getClass());
        answer.complete("four");
        assertEquals(Integer.valueOf(4), length.get(30, TimeUnit.SECONDS));
    }
}
