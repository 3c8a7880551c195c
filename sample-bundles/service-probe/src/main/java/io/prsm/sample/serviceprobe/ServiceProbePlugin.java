package io.prsm.sample.serviceprobe;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.RuntimeStatistics;

/**
 * Security test fixture: a sandbox plugin that asks for the PluginManager, with which it could install,
 * stop or uninstall any plugin. It reports which services it was given.
 */
@PrsmPlugin(id = "service-probe", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@RequiresPermission("read_analytics_data")
@Component(service = Plugin.class)
public final class ServiceProbePlugin implements Plugin {

    private final PluginManager manager;
    private final RuntimeStatistics statistics;

    @Activate
    public ServiceProbePlugin(@Reference(cardinality = ReferenceCardinality.OPTIONAL) PluginManager manager,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) RuntimeStatistics statistics) {
        this.manager = manager;
        this.statistics = statistics;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack is in what it was given
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(Map.of("plugin_manager", manager != null, "runtime_statistics",
                statistics != null));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
