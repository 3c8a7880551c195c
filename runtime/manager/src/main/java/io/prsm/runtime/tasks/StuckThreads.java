package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.limits.Quote;
import io.prsm.runtime.metrics.ThreadResources;

/**
 * The threads of one plugin that did not stop. A stop raises the plugin's stop and interrupts
 * the task's thread; code the gatekeeper wove then throws, but a thread running only JDK code (a
 * stream over an endless iterator, regex backtracking, {@code awaitUninterruptibly}) never
 * reaches a check, and the JVM (20 and later) has no way left to kill it. So the record is made
 * true instead of pretending: {@link #GRACE} after the stop, a thread still in the plugin's task
 * (or its plugin's interrupter still running the plugin's close code) is audited as not stopped,
 * with what it runs and what it allocated; the queue takes its slot back, so the plugin's
 * concurrency is not silently lost (the pool starts another thread); and once more than
 * {@link #MAX_LOST} of the plugin's threads are lost, the plugin is quarantined, so repeating the
 * attack cannot take every core.
 *
 * <p>Concurrent semantics: thread-safe; checks run on the queue's timer.
 */
final class StuckThreads {

    /** How long a stopped thread has to leave the plugin before it counts as not stopped. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** Threads a plugin may lose before it is quarantined. */
    static final int MAX_LOST = 2;

    private record Stuck(Thread thread, String description, BooleanSupplier stillStuck) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StuckThreads.class);

    private final String pluginId;
    private final ScheduledExecutorService timer;
    private final ThreadResources resources;
    private final Consumer<String> onStop;
    private final Consumer<PendingTask> takeSlotBack;
    private final Consumer<String> quarantine;
    private final List<Stuck> stuck = new CopyOnWriteArrayList<>();

    /**
     * @param onStop audits a thread that did not stop
     * @param takeSlotBack gives the slot of a task whose thread did not stop back to the queue
     * @param quarantine quarantines the plugin with the reason
     */
    StuckThreads(String pluginId, ScheduledExecutorService timer, ThreadResources resources, Consumer<String> onStop,
            Consumer<PendingTask> takeSlotBack, Consumer<String> quarantine) {
        this.pluginId = pluginId;
        this.timer = timer;
        this.resources = resources;
        this.onStop = onStop;
        this.takeSlotBack = takeSlotBack;
        this.quarantine = quarantine;
    }

    /** Checks, {@link #GRACE} from now, that the attempt {@code interrupt} stopped has left the plugin. */
    void watch(PendingTask pending, TaskInterrupt interrupt) {
        try {
            timer.schedule(() -> checkGuarded(pending, interrupt), GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the runtime stops: nothing is left to record it for
        }
    }

    /** The timer drops what a scheduled check throws: it is logged here instead. */
    private void checkGuarded(PendingTask pending, TaskInterrupt interrupt) {
        try {
            check(pending, interrupt);
        } catch (RuntimeException | Error failed) {
            LOG.warn("Checking that the stopped threads of plugin '{}' left it failed: {}", pluginId, failed.toString());
        }
    }

    private void check(PendingTask pending, TaskInterrupt interrupt) {
        String task = "task '" + Quote.prefix(pending.task.type()) + "'";
        Thread runner = interrupt.runner();
        if (pending.attemptRunsOn(runner)) {
            long allocated = pending.allocatedSinceStart(resources, runner);
            lost(runner, task, allocated, () -> pending.attemptRunsOn(runner));
            takeSlotBack.accept(pending);
        }
        Thread interrupter = interrupt.thread();
        if (interrupter != null && interrupt.delivering()) {
            lost(interrupter, "the interrupt of " + task + " (the plugin's close code)", -1, interrupt::delivering);
        }
        int lost = lostThreads().size();
        if (lost > MAX_LOST) {
            quarantine.accept("Plugin '" + pluginId + "' is quarantined: " + lost + " of its threads did not stop "
                    + "when stopped (more than " + MAX_LOST + "), and the JVM cannot kill them. Restart the runtime to "
                    + "end them, then fix the plugin.");
        }
    }

    private void lost(Thread thread, String what, long allocated, BooleanSupplier stillStuck) {
        String description = thread.getName() + " (" + what + ") runs " + topFrame(thread)
                + (allocated < 0 ? "" : ", allocated " + mib(allocated) + " MiB since its task started");
        stuck.add(new Stuck(thread, description, stillStuck));
        onStop.accept("thread " + description + ": it did not stop within " + GRACE.toMillis() + " ms of its stop; "
                + "it is recorded, not killed (the JVM cannot)");
    }

    /** The plugin's threads that did not stop and still run, each with what it runs. */
    List<String> lostThreads() {
        stuck.removeIf(entry -> !entry.stillStuck().getAsBoolean());
        return stuck.stream().map(Stuck::description).toList();
    }

    private static String topFrame(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        return frames.length == 0 ? "nothing it shows" : frames[0].getClassName() + "." + frames[0].getMethodName();
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
