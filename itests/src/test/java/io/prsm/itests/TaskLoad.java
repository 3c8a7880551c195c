package io.prsm.itests;

import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginManager;

/**
 * Load for swap tests: a few threads send one task to one plugin, again and again, until stopped,
 * and keep every answer. Each waits for its answer before sending the next, so nothing is dropped
 * unseen.
 *
 * <p>Concurrent semantics: start, wait for the warm-up and stop from the test's thread.
 */
final class TaskLoad implements AutoCloseable {

    private static final int WARM_UP_ANSWERS = 5;

    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Future<List<PluginResponse>>> clients = new ArrayList<>();
    private final CountDownLatch warmedUp;

    TaskLoad(PluginManager plugins, String plugin, Task task, int clientCount) {
        threads = Executors.newFixedThreadPool(clientCount);
        warmedUp = new CountDownLatch(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.add(threads.submit(() -> {
                List<PluginResponse> answers = new ArrayList<>();
                while (running.get()) {
                    CompletableFuture<PluginResponse> answer = plugins.execute(plugin, task).toCompletableFuture();
                    answers.add(answer.get(PrsmTestSupport.SAFETY_SECONDS, TimeUnit.SECONDS));
                    if (answers.size() == WARM_UP_ANSWERS) {
                        warmedUp.countDown();
                    }
                }
                return answers;
            }));
        }
    }

    /** Waits until every client has had a few answers. */
    void awaitWarmUp() throws InterruptedException {
        assertTrue(warmedUp.await(PrsmTestSupport.SAFETY_SECONDS, TimeUnit.SECONDS));
    }

    /** Stops the clients and returns every answer they had. */
    List<PluginResponse> stop() throws Exception {
        running.set(false);
        List<PluginResponse> all = new ArrayList<>();
        for (Future<List<PluginResponse>> client : clients) {
            all.addAll(client.get(PrsmTestSupport.SAFETY_SECONDS, TimeUnit.SECONDS));
        }
        return all;
    }

    @Override
    public void close() {
        running.set(false);
        threads.shutdownNow();
    }
}
