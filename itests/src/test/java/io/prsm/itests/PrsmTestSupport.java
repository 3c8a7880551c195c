package io.prsm.itests;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.osgi.framework.BundleContext;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginManager;

/**
 * What every framework test uses inside the framework: the injected plugin manager, the sample
 * jars built by the reactor, and a way to run a task. The framework itself is set up by
 * {@link RuntimeOptions}.
 */
public abstract class PrsmTestSupport {

    /** Bounds a broken test; a passing one never waits this long. */
    protected static final long SAFETY_SECONDS = 30;

    @Inject
    protected BundleContext context;

    @Inject
    protected PluginManager plugins;

    protected static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests with Maven");
        }
        return value;
    }

    protected static String analyticsJar() {
        return property("prsm.sample.analytics");
    }

    protected PluginResponse execute(String plugin, String type, Map<String, Object> config)
            throws Exception {
        return plugins.execute(plugin, new Task(type, config)).toCompletableFuture().get(SAFETY_SECONDS,
                TimeUnit.SECONDS);
    }
}
