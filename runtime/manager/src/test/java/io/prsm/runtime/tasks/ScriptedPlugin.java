package io.prsm.runtime.tasks;

import java.util.concurrent.atomic.AtomicInteger;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/** A plugin whose execute runs a script given by the test, counting attempts. */
final class ScriptedPlugin implements Plugin {

    interface Script {
        PluginResponse run(Task task, int attempt) throws Exception;
    }

    final AtomicInteger attempts = new AtomicInteger();
    private final Script script;

    ScriptedPlugin(Script script) {
        this.script = script;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the queue never initializes plugins
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        int attempt = attempts.incrementAndGet();
        try {
            return script.run(task, attempt);
        } catch (PluginException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
