package io.prsm.runtime.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.http.EndpointRequest;
import io.prsm.limits.JsonLimits;

/**
 * Calls plugins' endpoints off the HTTP server's threads: at most {@code concurrency} calls per
 * plugin at once (further callers wait their turn), each caller answered within {@code timeout}
 * of its arrival (the task settings {@code prsm.task.concurrency} and {@code prsm.task.timeout}).
 * A handler that hangs keeps its plugin's slot until it returns, so a plugin that hangs in every
 * call holds at most {@code concurrency} threads, its callers are answered 504 or 503 when their
 * time is up, and every other plugin's endpoints are unaffected.
 *
 * <p>Concurrent semantics: thread-safe.
 */
final class EndpointCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointCalls.class);

    private final int concurrency;
    private final Duration timeout;
    private final JsonLimits answers;
    private final ExecutorService callers;
    private final ConcurrentMap<Long, Semaphore> slots = new ConcurrentHashMap<>();

    /** {@code answers}: the limits an endpoint's answer is held to ({@code prsm.json.*}). */
    EndpointCalls(int concurrency, Duration timeout, JsonLimits answers) {
        this.concurrency = concurrency;
        this.timeout = timeout;
        this.answers = answers;
        AtomicInteger threads = new AtomicInteger();
        this.callers = Executors.newCachedThreadPool(call -> {
            Thread thread = new Thread(call, "prsm-endpoint-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Calls {@code route}'s endpoint of plugin {@code pluginId} and waits for its answer, which is
     * made on the endpoint's thread, within the same deadline ({@link EndpointAnswer}): what the
     * plugin answered or threw is never read on the caller's thread.
     *
     * @throws ApiError 503 when no slot of the plugin's came free in time, 504 when the handler
     *         did not answer (or its answer or failure was not made into words) in time
     */
    EndpointAnswer call(EndpointRoute route, String pluginId, EndpointRequest request) throws ApiError {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore plugin = slots.computeIfAbsent(route.bundleId(), bundle -> new Semaphore(concurrency, true));
        try {
            if (!plugin.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ApiError(503, "Plugin '" + pluginId + "' is busy: " + concurrency + " calls to its endpoints "
                        + "did not return within " + timeout.toMillis() + " ms; try again later.");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "Interrupted while waiting for plugin '" + pluginId + "'.");
        }
        // the handler and a caller that gives up before it started race to claim the slot's release
        AtomicBoolean claimed = new AtomicBoolean();
        Future<EndpointAnswer> answer;
        try {
            answer = callers.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null;
                }
                try {
                    return EndpointAnswer.of(route.endpoint(), pluginId, route.path(), request, answers);
                } finally {
                    plugin.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            plugin.release();
            throw new ApiError(503, "The runtime is stopping; plugin '" + pluginId + "' is not called.");
        }
        try {
            return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            abandon(answer, claimed, plugin);
            LOG.warn("Plugin '{}' did not answer {} within {} ms; its call was interrupted", pluginId, route.path(),
                    timeout.toMillis());
            throw new ApiError(504, "Plugin '" + pluginId + "' did not answer " + route.path() + " within "
                    + timeout.toMillis() + " ms (prsm.task.timeout); it was interrupted.");
        } catch (InterruptedException interrupted) {
            abandon(answer, claimed, plugin);
            Thread.currentThread().interrupt();
            throw new ApiError(503, "Interrupted while waiting for plugin '" + pluginId + "'.");
        } catch (ExecutionException failed) {
            // EndpointAnswer lets nothing of the plugin's through, so this is the runtime's own failure
            LOG.error("The call of {} of plugin '{}' failed", route.path(), pluginId, failed.getCause());
            throw new ApiError(500, "The runtime failed to call plugin '" + pluginId + "'; the operator finds the "
                    + "cause in its log.");
        }
    }

    /** Drops the slots of a plugin that serves no endpoint any more; calls still running keep theirs. */
    void forget(long bundleId) {
        slots.remove(bundleId);
    }

    private static void abandon(Future<EndpointAnswer> answer, AtomicBoolean claimed, Semaphore plugin) {
        if (claimed.compareAndSet(false, true)) {
            plugin.release();
        }
        answer.cancel(true);
    }

    /** Interrupts the calls still running; the HTTP server is stopping with this servlet. */
    @Override
    public void close() {
        callers.shutdownNow();
    }
}
