package io.prsm.sample.hostile;

import java.net.InetAddress;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: answers with an object whose reading acts, hoping the runtime
 * reads it later on its own thread, as the platform and with no deadline. The task's {@code target}
 * picks the object: {@code iterator} (a Jackson {@code MappingIterator<InetAddress>} that resolves
 * a host name as it is read), {@code getter} (a bean whose getter never returns) or {@code record}
 * (its own record whose accessor resolves a host name).
 */
@PrsmPlugin(id = "answers-with-an-object", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class AnswersWithAnObjectPlugin implements Plugin {

    /** A name that never resolves: asking for it is the act. */
    static final String HOST = "prsm-answer.invalid";

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        try {
            return switch (target) {
                case "iterator" -> PluginResponse.success(new ObjectMapper().readerFor(InetAddress.class)
                        .readValues("[\"" + HOST + "\"]"));
                case "getter" -> PluginResponse.success(new Stuck());
                case "record" -> PluginResponse.success(new Resolving(HOST));
                default -> throw new PluginException("unknown target " + target);
            };
        } catch (java.io.IOException e) {
            throw new PluginException(e.toString(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** A bean whose getter never returns. */
    public static final class Stuck {
        public String getValue() {
            while (true) {
                Thread.onSpinWait();
            }
        }
    }

    /** A record whose accessor resolves a host name. */
    public record Resolving(String host) {
        @Override
        public String host() {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (java.net.UnknownHostException unknown) {
                return "unresolved";
            }
        }
    }
}
