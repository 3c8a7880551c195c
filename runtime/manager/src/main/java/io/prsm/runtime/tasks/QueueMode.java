package io.prsm.runtime.tasks;

import java.util.List;

import io.prsm.api.Plugin;

/**
 * The mode of one task queue: <em>holding</em> (accepts tasks, runs none: the plugin is
 * starting or swapped), <em>open</em> (runs tasks on a plugin instance) or <em>closed</em>
 * (answers every task at once with the reason it is closed), and what each mode tells the
 * queue's {@link TaskDrainers}. A pause (the plugin is throttled) is the drainers' own flag:
 * an open queue that starts no task.
 *
 * <p>Concurrent semantics: not thread-safe; guarded by the queue's lock, which every caller holds.
 */
final class QueueMode {

    private enum Mode { HOLDING, OPEN, CLOSED }

    private final TaskDrainers drainers;
    private Mode mode = Mode.CLOSED;
    private String closedReason;

    /** Starts closed with {@code notStarted} as its reason, as a new plugin's queue is. */
    QueueMode(TaskDrainers drainers, String notStarted) {
        this.drainers = drainers;
        this.closedReason = notStarted;
    }

    boolean closed() {
        return mode == Mode.CLOSED;
    }

    /** What a closed queue answers. */
    String closedReason() {
        return closedReason;
    }

    /** Runs tasks on {@code instance}, unpaused. */
    void open(Plugin instance) {
        mode = Mode.OPEN;
        drainers.runOn(instance);
        drainers.pause(false);
    }

    void hold() {
        mode = Mode.HOLDING;
        drainers.runOn(null);
    }

    /** Closes the queue; returns the tasks that were waiting, to be refused once the lock is released. */
    List<PendingTask> close(String reason) {
        mode = Mode.CLOSED;
        closedReason = reason;
        drainers.runOn(null);
        return drainers.takeAll();
    }
}
