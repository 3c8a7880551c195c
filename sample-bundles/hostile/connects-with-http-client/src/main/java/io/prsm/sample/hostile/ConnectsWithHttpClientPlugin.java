package io.prsm.sample.hostile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
 * Hostile fixture, level sandbox: Connects to a host through java.net.http.HttpClient. The task's {@code target} names what it aims at.
 * The bytecode scan refuses it at install; with the scan switched off, the entitlement agent must
 * stop it at the JDK's sink.
 */
@PrsmPlugin(id = "connects-with-http-client", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ConnectsWithHttpClientPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        String target = task.requireString("target");
        try {
            return attack(target);
        } catch (Exception | LinkageError e) {
            throw new PluginException(e.toString(), e);
        } catch (Throwable other) {
            throw new PluginException(other.toString(), new RuntimeException(other));
        }
    }

    private static PluginResponse attack(String target) throws Throwable {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + target + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        return PluginResponse.success(response.body());
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
