package io.prsm.sample.hostile;

import java.util.regex.Pattern;

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
 * Hostile fixture, level sandbox: task {@code hold} makes a string of {@code mib} MiB (64 unless
 * told) with {@code String.repeat}, in JDK code where no array allocation is charged, and matches a
 * regular expression that backtracks exponentially against it, so the JDK's matcher keeps the
 * string, and the thread, for ever. Task {@code backtrack} only backtracks, on a short string.
 */
@PrsmPlugin(id = "holds-memory-in-jdk-code", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack", memory = 32L << 20)
@Component(service = Plugin.class)
public final class HoldsMemoryInJdkCodePlugin implements Plugin {

    private static final Pattern BACKTRACKS = Pattern.compile("(x+x+)+y");

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String head = "x".repeat(40);
        String text = task.type().equals("hold") ? head + "z".repeat((int) task.getLong("mib", 64) << 20) : head;
        return PluginResponse.success(BACKTRACKS.matcher(text).matches());
    }

    @Override
    public void shutdown() {
        // nothing held but the thread
    }
}
