package io.prsm.sample.hostile;

import java.util.Map;

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
 * Hostile fixture, level sandbox (atk5): the entitlement layer audits at most 100 refusals a minute
 * per plugin (RefusalBudget), but the runtime's own refusal of an answer that is not JSON (layer
 * {@code tasks}, {@code answer}) names where the bad value was, map keys included, with no bound
 * but the 8 Mi characters of one string. Task {@code flood}: answers {@code {KEY: new Object()}}
 * where KEY is {@code from} followed by {@code length} characters; each task is one audit line of
 * that length (distinct, so never folded); task {@code ok} succeeds, so that the failures are
 * never five in a row (a quarantine). Uses nothing the allow-list refuses.
 */
@PrsmPlugin(id = "floods-the-audit-log-through-answers", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class FloodsTheAuditLogThroughAnswersPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if ("ok".equals(task.type())) {
            // a success between floods: five failures in a row would quarantine the plugin
            return PluginResponse.success(Map.of("ok", true));
        }
        long from = task.getLong("from", 0);
        int length = (int) task.getLong("length", 4_000_000);
        String key = from + "-" + "a".repeat(Math.max(1, length));
        return PluginResponse.success(Map.of(key, new Object()));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
