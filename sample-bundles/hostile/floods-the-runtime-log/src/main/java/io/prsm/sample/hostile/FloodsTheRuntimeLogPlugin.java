package io.prsm.sample.hostile;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox (atk6): task {@code flood} logs {@code count} WARN lines of
 * {@code length} characters of noise (barely compressible, so the rotated, gzipped files keep their
 * size) through SLF4J, which the sandbox level may use. The runtime's own log ({@code logs/prsm.log},
 * 10 MiB a file, 200 MiB kept) holds the operator's and the HTTP API's records; standard error gets
 * every WARN line. Answers how many characters it logged. Task {@code forge} logs, under the
 * runtime's logger name, a line with a newline and then {@code line}, which reads as a record of
 * the runtime's own (an operator's act over HTTP).
 */
@PrsmPlugin(id = "floods-the-runtime-log", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class FloodsTheRuntimeLogPlugin implements Plugin {

    private static final Logger LOG = LoggerFactory.getLogger("io.prsm.runtime.plugins.PluginManagerImpl");

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if ("forge".equals(task.type())) {
            // one call, two lines: the second reads as the runtime's own record of an operator's act
            LOG.info("ok\n{}", task.getString("line", ""));
            return PluginResponse.success(Map.of("forged", true));
        }
        long count = task.getLong("count", 10);
        int length = (int) task.getLong("length", 1_000_000);
        char[] noise = new char[Math.min(length, 60_000)];
        long seed = System.nanoTime();
        long logged = 0;
        for (long i = 0; i < count; i++) {
            StringBuilder line = new StringBuilder();
            while (line.length() < length) {
                for (int c = 0; c < noise.length; c++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    noise[c] = (char) ('!' + (int) ((seed >>> 33) % 90));
                }
                line.append(noise, 0, Math.min(noise.length, length - line.length()));
            }
            LOG.warn("Caller admin did POST /api/v1/admin/plugins {}", line);
            logged += line.length();
        }
        return PluginResponse.success(Map.of("logged", logged));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
