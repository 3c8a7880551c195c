package io.prsm.sample.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Bystander fixture, level sandbox (atk5, issue 16): task {@code start} starts one thread of its
 * own that runs hot woven code (a loop calling small methods, each with its woven check) and counts
 * rounds of work per 100 ms slot since the start; task {@code mark} records the current slot under a
 * name; task {@code report} answers the counts per slot and the marks; task {@code wait} sleeps
 * {@code ms} (so a batch can leave a quiet phase).
 */
@PrsmPlugin(id = "measures-its-hot-code", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "measure", cpu = 2.0)
@Component(service = Plugin.class)
public final class MeasuresItsHotCodePlugin implements Plugin {

    private static final int SLOTS = 6000;
    private final AtomicLongArray rounds = new AtomicLongArray(SLOTS);
    private final List<String> marks = new ArrayList<>();
    private volatile long started;
    private volatile long result;

    @Override
    public void initialize(PluginConfig config) {
        // waits for start
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "start":
                started = System.nanoTime();
                Thread worker = new Thread(this::work, "hot-code");
                worker.setDaemon(true);
                worker.start();
                return PluginResponse.success(Map.of("started", true));
            case "mark":
                synchronized (marks) {
                    marks.add(task.getString("name", "?") + "@" + slot());
                }
                return PluginResponse.success(Map.of("slot", slot()));
            case "wait":
                try {
                    Thread.sleep(task.getLong("ms", 5000));
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
                return PluginResponse.success(Map.of("slot", slot()));
            default:
                List<Object> counts = new ArrayList<>();
                for (int i = 0; i <= Math.min(slot(), SLOTS - 1); i++) {
                    counts.add(rounds.get(i));
                }
                synchronized (marks) {
                    return PluginResponse.success(Map.of("marks", List.copyOf(marks), "rounds", counts));
                }
        }
    }

    private int slot() {
        return (int) ((System.nanoTime() - started) / 100_000_000L);
    }

    private void work() {
        long s = 1;
        while (!Thread.currentThread().isInterrupted()) {
            s = round(s);
            int slot = slot();
            if (slot < SLOTS) {
                rounds.incrementAndGet(slot);
            }
        }
        result = s;
    }

    private static long round(long s) {
        for (int i = 0; i < 10_000; i++) {
            s = mix(s, i);
        }
        return s;
    }

    private static long mix(long s, int i) {
        return Long.rotateLeft(s * 31 + i, 7) ^ step(i);
    }

    private static long step(int i) {
        return Integer.reverse(i) + 1L;
    }

    @Override
    public void shutdown() {
        // the thread is stopped with the plugin
    }
}
