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
import io.prsm.limits.PluginThrowables;
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
    /** What an answer is held to ({@code prsm.json.*}). */
    private final JsonLimits answers;

    TaskAttempt(String pluginId, TaskSettings settings, TaskMetrics metrics, ThreadResources resources,
            Consumer<String> onRefusedAnswer, Consumer<String> onStop, long memoryLimit, JsonLimits answers) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.metrics = metrics;
        this.resources = resources;
        this.onRefusedAnswer = onRefusedAnswer;
        this.onStop = onStop;
        this.memoryLimit = memoryLimit;
        this.answers = answers;
    }

    /**
     * Runs {@code pending} once on the instance its drainer took it for. It returns, whatever the
     * plugin threw: what the plugin threw is described here, under the task's deadline, and only
     * the words leave this thread ({@link PluginThrowables}).
     */
    Outcome run(PendingTask pending) {
        ThreadSettings platformSettings = ThreadSettings.ofCurrentThread();
        long cpuBefore = resources.cpuNanos();
        long allocatedBefore = resources.allocatedBytes();
        pending.runOn(Thread.currentThread(), allocatedBefore);
        if (memoryLimit > 0 && allocatedBefore >= 0) {
            // the woven allocation checks stop the task before a large array takes it past its limit
            AllocationBudgets.set(Thread.currentThread(), new AllocationBudgets.Budget(memoryLimit, allocatedBefore,
                    resources::allocatedBytes, wouldUse -> PendingTask.memoryLimitReason(pending.task, pluginId,
                            "was about to allocate", wouldUse, memoryLimit)));
        }
        Outcome outcome;
        String overBudget;
        try {
            outcome = execute(pending);
        } catch (Throwable escaped) {
            // reading the plugin's failure threw (a getter of its exception, of its answer): a crash
            outcome = new Outcome(crashed(pending, escaped), true, false, false);
        } finally {
            overBudget = AllocationBudgets.clear(Thread.currentThread());
            if (overBudget != null) {
                CodeStops.lower(Thread.currentThread());
            }
            pending.ranOn();
            // the task object outlives the attempt (a retry's wait, the stuck-thread check's grace, the
            // timer): it must not keep the plugin's instance, and so its class loader, reachable
            pending.target = null;
            // A timeout interrupts the attempt; the pooled thread must not carry that into its next task.
            Thread.interrupted();
            // a context class loader left set to the plugin's own would keep its loader alive as long as the thread
            platformSettings.restore();
            metrics.used(delta(cpuBefore, resources.cpuNanos()), delta(allocatedBefore, resources.allocatedBytes()));
        }
        if (overBudget != null && !pending.stoppedByWatchdog()) {
            onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + overBudget);
            return new Outcome(PluginResponse.failure(overBudget, ErrorSeverity.HIGH, "MEMORY_LIMIT"), true, false,
                    false);
        }
        return outcome;
    }

    private Outcome execute(PendingTask pending) {
        Plugin target = pending.target;
        try {
            // the thread's own context loader is the runtime bundle's: through it a plugin would load the
            // runtime's private classes; while its code runs it gets its own (put back after the attempt)
            Thread.currentThread().setContextClassLoader(target.getClass().getClassLoader());
            PluginResponse response = target.execute(pending.task);
            if (response == null) {
                return new Outcome(PluginResponse.failure("Plugin '" + pluginId + "' returned no response to task '"
                        + Quote.prefix(pending.task.type()) + "'.", ErrorSeverity.HIGH, "NO_RESPONSE"), true, false, false);
            } else if (response.success() && response.data() != null) {
                response = plainAnswer(target, response);
                return new Outcome(response, !response.success(), false, false);
            }
            return new Outcome(response, !response.success() && (response.errorSeverity() == ErrorSeverity.HIGH
                    || response.errorSeverity() == ErrorSeverity.CRITICAL), false, false);
        } catch (InvalidTaskException invalid) {
            return new Outcome(failureOf(pending, invalid), false, true, false);
        } catch (PluginCodeStopped stopped) {
            // stopped by its deadline (answered already) or by its plugin stopping: not the plugin's failure;
            // thrown by the plugin itself without a stop, it is a crash like any other
            boolean thrownByPlugin = !CodeStops.raised();
            return new Outcome(thrownByPlugin ? crashed(pending, stopped)
                    : PluginResponse.failure(stopped.getMessage(), ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"),
                    thrownByPlugin, false, false);
        } catch (PluginException failure) {
            PluginResponse response = failureOf(pending, failure);
            return new Outcome(response, true, false, failure.isRetryable() && pending.retries < settings.maxRetries());
        } catch (RuntimeException | Error crash) {
            return new Outcome(crashed(pending, crash), true, false, false);
        }
    }

    /**
     * The failed response for a plugin's {@link PluginException}, read guarded: its message,
     * severity and code are the plugin's getters; if they throw, or leave the response without a
     * severity or code, the failure is taken as a crash.
     */
    private PluginResponse failureOf(PendingTask pending, PluginException failure) {
        PluginThrowables.Described message = PluginThrowables.message(failure);
        refused(message);
        try {
            return PluginResponse.failure(message.text(), failure.getSeverity(), failure.getErrorCode());
        } catch (Throwable unreadable) {
            return crashed(pending, failure);
        }
    }

    /**
     * The answer as plain JSON values, made here on the task's thread, under its deadline and as the
     * plugin's act ({@link AnswerValues}); an answer that is not JSON is the plugin's failure.
     */
    private PluginResponse plainAnswer(Plugin target, PluginResponse response) {
        try {
            return PluginResponse.success(AnswerValues.plain(response.data(), target, answers));
        } catch (IllegalArgumentException notJson) {
            String reason = "answered with data the runtime cannot send: " + notJson.getMessage();
            onRefusedAnswer.accept(reason);
            return PluginResponse.failure("Plugin '" + pluginId + "' " + reason + ".", ErrorSeverity.HIGH,
                    "INVALID_ANSWER");
        }
    }

    /** The crash's words, read on this thread; the log and the answer get only those (a plugin's throwable can loop or throw). */
    private PluginResponse crashed(PendingTask pending, Throwable crash) {
        PluginThrowables.Described trace = PluginThrowables.trace(crash);
        PluginThrowables.Described summary = trace.refusal() == null ? PluginThrowables.summary(crash) : trace;
        refused(summary);
        LOG.warn("Plugin '{}' threw while executing task '{}': {}", pluginId, Quote.prefix(pending.task.type()),
                trace.text());
        return PluginResponse.failure("Plugin '" + pluginId + "' failed on task '" + Quote.prefix(pending.task.type())
                + "': " + summary.text(), ErrorSeverity.HIGH, "PLUGIN_ERROR");
    }

    /** Audits a throwable whose own words could not be read. */
    private void refused(PluginThrowables.Described described) {
        if (described.refusal() != null) {
            onRefusedAnswer.accept(described.refusal());
        }
    }

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
