package io.prsm.sample.hostile;

import java.util.ArrayList;
import java.util.List;

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
 * Hostile fixture, level sandbox, declaring 64 MiB: task {@code hoard} allocates in ever smaller
 * chunks and keeps every one, swallowing {@code OutOfMemoryError} and starting again with smaller
 * chunks, until it is stopped. Task {@code held} answers how many bytes it holds.
 */
@PrsmPlugin(id = "hoards-memory", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack", memory = 64L * 1024 * 1024)
@Component(service = Plugin.class)
public final class HoardsMemoryPlugin implements Plugin {

    private final List<byte[]> hoard = new ArrayList<>();
    private volatile long held;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("held")) {
            return PluginResponse.success(held);
        }
        int chunk = 8 * 1024 * 1024;
        while (true) {
            try {
                hoard.add(new byte[chunk]);
                held += chunk;
            } catch (OutOfMemoryError swallowed) {
                chunk = Math.max(16, chunk / 2);
            }
        }
    }

    @Override
    public void shutdown() {
        // keeps its hoard
    }
}
