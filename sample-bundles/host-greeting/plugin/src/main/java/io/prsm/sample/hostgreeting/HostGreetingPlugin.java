package io.prsm.sample.hostgreeting;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.OptionalPermission;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.sample.host.Greeting;

/**
 * Greets through the host application's {@link Greeting} service. The service is optional: a
 * plugin the gatekeeper does not let see it answers each task with a failure that says so.
 */
@PrsmPlugin(id = "host-greeting", version = "1.0.0", type = PluginType.UTILITY, capabilities = "greeting")
@OptionalPermission("use_greeting")
@Component(service = Plugin.class)
public final class HostGreetingPlugin implements Plugin {

    private final Greeting greeting;

    @Activate
    public HostGreetingPlugin(@Reference(cardinality = ReferenceCardinality.OPTIONAL) Greeting greeting) {
        this.greeting = greeting;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the host's service is all it needs
    }

    @Override
    public PluginResponse execute(Task task) throws InvalidTaskException {
        if (!task.type().equals("greet")) {
            throw new InvalidTaskException("Unknown task type " + task.type() + "; this plugin knows greet");
        }
        if (greeting == null) {
            return PluginResponse.failure("The host's Greeting service is not visible to this plugin; the host "
                    + "offers it only to plugins holding use_greeting", ErrorSeverity.MEDIUM, "NO_GREETING");
        }
        return PluginResponse.success(Map.of("greeting", greeting.greet(task.requireString("name"))));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
