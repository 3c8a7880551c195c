package io.prsm.sample.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
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
 * Hostile fixture, level sandbox: task {@code integer} answers {@code 2^bits} ({@code bits}
 * 20,000,000 unless told), cheap to make and slow to write as decimal text; task {@code decimal}
 * answers {@code 1E+scale} ({@code scale} 100,000,000 unless told), whose plain text is that many
 * characters.
 */
@PrsmPlugin(id = "answers-with-a-huge-number", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class AnswersWithAHugeNumberPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("decimal")) {
            return PluginResponse.success(Map.of("n", BigDecimal.ONE.scaleByPowerOfTen((int) task.getLong("scale",
                    100_000_000))));
        }
        return PluginResponse.success(Map.of("n", BigInteger.ONE.shiftLeft((int) task.getLong("bits", 20_000_000))));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
