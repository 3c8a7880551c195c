package io.prsm.sample.hostile;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * Hostile fixture: a sandbox plugin whose component (written by hand in OSGI-INF, since no
 * annotation can name a type the plugin may not import) registers it under the names of the
 * contracts between the runtime and the gatekeeper, io.prsm.platform.PluginValidator and
 * PluginVerifier, ranked highest: were they used, it would decide which plugins may install and
 * see every later plugin's jar. It does not even implement them: a lazily created component is
 * registered as a factory, which the framework does not check.
 */
public final class HijacksValidatorPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // waits to be asked about other plugins
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("asked");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
