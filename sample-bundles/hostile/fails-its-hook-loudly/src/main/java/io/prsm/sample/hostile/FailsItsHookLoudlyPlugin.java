package io.prsm.sample.hostile;

import java.math.BigInteger;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;

/**
 * Hostile fixture, level sandbox (atk4), nothing the allow-list refuses: subscribes to
 * {@code user_login} (a sandbox plugin may be granted {@code subscribe_user_login}) and throws a
 * {@link Loud} whose {@code getMessage} writes a 40-million-bit number. The hook bridge's
 * {@code LOG.warn(..., failure.getCause())} hands the plugin's throwable to SLF4J on the thread that
 * delivers the hook, where no deadline and no stop of the plugin's reach JDK code.
 */
@PrsmPlugin(id = "fails-its-hook-loudly", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@RequiresPermission("subscribe_user_login")
@Component(service = { Plugin.class, HookHandler.class }, property = HookHandler.HOOKS + "=user_login")
public final class FailsItsHookLoudlyPlugin implements Plugin, HookHandler {

    @Override
    public void initialize(PluginConfig config) {
        // the attack is in onHook
    }

    @Override
    public void onHook(HookEvent event) {
        throw new Loud(40_000_000);
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("ok");
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** A failure whose message takes minutes to make. */
    public static final class Loud extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int bits;

        Loud(int bits) {
            super("loud");
            this.bits = bits;
        }

        @Override
        public String getMessage() {
            return BigInteger.ONE.shiftLeft(bits).toString();
        }
    }
}
