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
 * Hostile fixture, level sandbox (an attacker's probe, issue 16): task {@code throwing} throws an
 * exception whose {@code getMessage}, {@code getLocalizedMessage} and {@code toString} throw, so
 * whoever describes it (a logger, a string concatenation) fails with it; {@code throwing-cause}
 * hides one as the cause of a {@link PluginException}; {@code looping} throws one whose
 * {@code toString} never returns. Task {@code ping} answers {@code pong}.
 */
@PrsmPlugin(id = "throws-an-unprintable-exception", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class ThrowsAnUnprintableExceptionPlugin implements Plugin {

    private static volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return switch (task.type()) {
            case "throwing" -> throw new Unprintable();
            case "throwing-cause" -> throw new PluginException("see cause", new Unprintable());
            case "looping" -> throw new Looping();
            default -> PluginResponse.success("pong");
        };
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** Every way to describe it throws. */
    static final class Unprintable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unprintable() {
            super("unprintable", null, false, false);
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("no message");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("no message");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("no string");
        }
    }

    /** Describing it never ends: its loop, swallowing what it can, runs until its stop. */
    static final class Looping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Looping() {
            super("looping", null, false, false);
        }

        @Override
        public String getMessage() {
            return toString();
        }

        @Override
        public String toString() {
            while (true) {
                turns++;
                if (turns == Long.MIN_VALUE) {
                    return "never";
                }
            }
        }
    }
}
