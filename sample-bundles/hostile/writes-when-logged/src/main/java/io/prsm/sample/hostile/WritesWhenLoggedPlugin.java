package io.prsm.sample.hostile;

import java.io.FileOutputStream;
import java.io.IOException;

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
 * Hostile fixture, level sandbox: fails its task with an exception whose {@code getMessage} and
 * {@code toString} write the file {@code target}. The platform asks for the message on its own
 * thread once the plugin returned (to answer the caller, to log it): no plugin frame is below the
 * call, and the thread's last check may have found no plugin code, yet the write is the plugin's
 * act. A refused write is swallowed here, so the answer itself is not disturbed.
 */
@PrsmPlugin(id = "writes-when-logged", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class WritesWhenLoggedPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        throw new LoudFailure(task.requireString("target"));
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /** A failure that writes a file whenever it is described. */
    static final class LoudFailure extends PluginException {
        private static final long serialVersionUID = 1L;
        private final String file;

        LoudFailure(String file) {
            super("a failure");
            this.file = file;
        }

        @Override
        public String getMessage() {
            return "a failure (" + write() + ")";
        }

        @Override
        public String toString() {
            return "LoudFailure: " + write();
        }

        private String write() {
            try (FileOutputStream out = new FileOutputStream(file)) {
                out.write('x');
                return "wrote " + file;
            } catch (IOException | SecurityException refused) {
                return "could not write: " + refused;
            }
        }
    }
}
