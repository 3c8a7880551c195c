package io.prsm.runtime.plugins.lifecycle;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/** A plugin that answers every task with its name, so a test sees which instance ran it. */
final class NamedPlugin implements Plugin {

    private final String name;

    NamedPlugin(String name) {
        this.name = name;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the lifecycle never initializes plugins; the extender does
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(name);
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    @Override
    public String toString() {
        return name;
    }
}
