package io.prsm.sample.hostile;

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
 * Hostile fixture, level sandbox (atk4): the audit log keeps 5 rotated files of 10 MB, and a refusal
 * is audited once per plugin, operation and target. Task {@code flood}: {@code count} refused
 * opens of distinct paths {@code length} characters long, so each is a line of its own; the log
 * rotates until every decision written before (other plugins' refusals included) is deleted.
 */
@PrsmPlugin(id = "floods-the-audit-log", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class FloodsTheAuditLogPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        long count = task.getLong("count", 6000);
        long from = task.getLong("from", 0);
        int length = (int) task.getLong("length", 3000);
        String filler = "a".repeat(Math.max(1, length));
        long refused = 0;
        long started = System.nanoTime();
        for (long i = from; i < from + count; i++) {
            try (java.io.FileInputStream in = new java.io.FileInputStream("/nonexistent/" + i + "/" + filler)) {
                in.read();
            } catch (SecurityException expected) {
                refused++;
            } catch (java.io.IOException notRefused) {
                // not expected: the open was allowed
            }
        }
        return PluginResponse.success("refused " + refused + " of " + count + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
