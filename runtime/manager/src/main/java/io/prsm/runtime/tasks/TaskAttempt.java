package io.prsm.runtime.tasks;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.AllocationBudgets;
import io.prsm.platform.CodeStops;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.metrics.ThreadResources;

/**
 * One attempt of a task of one plugin: runs it on the calling drainer's thread, records its CPU
 * time and allocation, and says how it ended (see docs/failures.md): its response, whether it
 * counts against the plugin's health, whether it is the caller's mistake, whether to retry it.
 *
 * <p>Concurrent semantics: thread-safe; it keeps no state between attempts.
 */
final class TaskAttempt {

    /** The queue's logger: a plugin's crashes are logged where they always were. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskQueue.class);

    /** How an attempt ended. */
    record Outcome(PluginResponse response, boolean countsAgainstHealth, boolean callersMistake, boolean retry) {
    }

    private final String pluginId;
    private final TaskSettings settings;
    private final TaskMetrics metrics;
    private final ThreadResources resources;
    private final Consumer<String> onRefusedAnswer;
    private final Consumer<String> onStop;
    /** Bytes one task may allocate (the plugin's declared memory), or 0 for no limit. */
    private final long memoryLimit;

    TaskAttempt(String pluginId, TaskSettings settings, TaskMetrics metrics, ThreadResources resources,
            Consumer<String> onRefusedAnswer, Consumer<String> onStop, long memoryLimit) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.metrics = metrics;
        this.resources = resources;
        this.onRefusedAnswer = onRefusedAnswer;
        this.onStop = onStop;
        this.memoryLimit = memoryLimit;
    }

    /** Runs {@code pending} once on the instance its drainer took it for. */
    Outcome run(PendingTask pending) {
        Plugin target = pending.target;
        long cpuBefore = resources.cpuNanos();
        long allocatedBefore = resources.allocatedBytes();
        pending.runOn(Thread.currentThread(), allocatedBefore);
        if (memoryLimit > 0 && allocatedBefore >= 0) {
            // the woven allocation checks stop the task before a large array takes it past its limit
            AllocationBudgets.set(Thread.currentThread(), new AllocationBudgets.Budget(memoryLimit, allocatedBefore,
                    resources::allocatedBytes, wouldUse -> PendingTask.memoryLimitReason(pending.task, pluginId,
                            "was about to allocate", wouldUse, memoryLimit)));
        }
        String overBudget = null;
        PluginResponse response;
        boolean countsAgainstHealth;
        boolean callersMistake = false;
        boolean retry = false;
        try {
            response = target.execute(pending.task);
            if (response == null) {
                response = PluginResponse.failure("Plugin '" + pluginId + "' returned no response to task '"
                        + Quote.prefix(pending.task.type()) + "'.", ErrorSeverity.HIGH, "NO_RESPONSE");
                countsAgainstHealth = true;
            } else if (response.success() && response.data() != null) {
                response = plainAnswer(target, response);
                countsAgainstHealth = !response.success();
            } else {
                countsAgainstHealth = !response.success() && (response.errorSeverity() == ErrorSeverity.HIGH
                        || response.errorSeverity() == ErrorSeverity.CRITICAL);
            }
        } catch (InvalidTaskException invalid) {
            response = PluginResponse.failure(invalid);
            countsAgainstHealth = false;
            callersMistake = true;
        } catch (PluginCodeStopped stopped) {
            // stopped by its deadline (answered already) or by its plugin stopping: not the plugin's failure;
            // thrown by the plugin itself without a stop, it is a crash like any other
            countsAgainstHealth = !CodeStops.raised();
            response = countsAgainstHealth ? crashed(pending, stopped)
                    : PluginResponse.failure(stopped.getMessage(), ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE");
        } catch (PluginException failure) {
            response = PluginResponse.failure(failure);
            countsAgainstHealth = true;
            retry = failure.isRetryable() && pending.retries < settings.maxRetries();
        } catch (RuntimeException | Error crash) {
            response = crashed(pending, crash);
            countsAgainstHealth = true;
        } finally {
            overBudget = AllocationBudgets.clear(Thread.currentThread());
            if (overBudget != null) {
                CodeStops.lower(Thread.currentThread());
            }
            pending.ranOn();
            // A timeout interrupts the attempt; the pooled thread must not carry that into its next task.
            Thread.interrupted();
            metrics.used(delta(cpuBefore, resources.cpuNanos()), delta(allocatedBefore, resources.allocatedBytes()));
        }
        if (overBudget != null && !pending.stoppedByWatchdog()) {
            onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + overBudget);
            return new Outcome(PluginResponse.failure(overBudget, ErrorSeverity.HIGH, "MEMORY_LIMIT"), true, false,
                    false);
        }
        return new Outcome(response, countsAgainstHealth, callersMistake, retry);
    }

    /**
     * The answer as plain JSON values, made here on the task's thread, under its deadline and as the
     * plugin's act ({@link AnswerValues}); an answer that is not JSON is the plugin's failure.
     */
    private PluginResponse plainAnswer(Plugin target, PluginResponse response) {
        try {
            return PluginResponse.success(AnswerValues.plain(response.data(), target, JsonLimits.DEFAULTS));
        } catch (IllegalArgumentException notJson) {
            String reason = "answered with data the runtime cannot send: " + notJson.getMessage();
            onRefusedAnswer.accept(reason);
            return PluginResponse.failure("Plugin '" + pluginId + "' " + reason + ".", ErrorSeverity.HIGH,
                    "INVALID_ANSWER");
        }
    }

    private PluginResponse crashed(PendingTask pending, Throwable crash) {
        LOG.warn("Plugin '{}' threw while executing task '{}'", pluginId, Quote.prefix(pending.task.type()), crash);
        return PluginResponse.failure("Plugin '" + pluginId + "' failed on task '" + Quote.prefix(pending.task.type())
                + "': " + Quote.prefix(String.valueOf(crash), 300), ErrorSeverity.HIGH, "PLUGIN_ERROR");
    }

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
