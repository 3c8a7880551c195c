package io.prsm.runtime.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.HttpApi;
import io.prsm.runtime.plugins.PlatformAudit;

/**
 * Credits what a caller changed over HTTP (the console or the admin API: install, start, stop,
 * swap, uninstall, configuration) to that caller: one entry of layer {@code admin} in the audit log
 * (allowed when it was done, refused with the reason when the runtime refused it) and one line in
 * the runtime's log, both naming the caller. Reads and tasks are not acts on the runtime and are
 * not recorded here.
 *
 * <p>Concurrent semantics: thread-safe; the audit is.
 */
final class AdminActs {

    static final String LAYER = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminActs.class);

    /** What a body's plugin id must look like to be named in the audit log (it is the caller's text). */
    private static final java.util.regex.Pattern PLUGIN_ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final PlatformAudit audit;

    AdminActs(PlatformAudit audit) {
        this.audit = audit;
    }

    /** Whether {@code method path} changes the runtime: a runtime route that is not read and runs no task. */
    static boolean isAct(String method, String path) {
        return HttpApi.isRuntimeOwn(path) && !HttpApi.isReading(method) && !path.endsWith("/tasks");
    }

    /** Records that {@code caller} did {@code method path}; {@code refusal} is why it was not done, or null. */
    void record(String caller, String method, String path, String refusal) {
        record(caller, method, path, null, refusal);
    }

    /**
     * Records that {@code caller} did {@code method path}; {@code refusal} is why it was not done, or null.
     *
     * @param named the plugin id the request's body named (an install by id), or null
     */
    void record(String caller, String method, String path, String named, String refusal) {
        String request = method + " " + path;
        String plugin = pluginOf(path);
        if (plugin.equals("-") && named != null && PLUGIN_ID.matcher(named).matches()) {
            plugin = named;
        }
        if (refusal == null) {
            LOG.info("Caller {} did {} over HTTP", caller, request);
            audit.granted(plugin, -1, LAYER, request, "caller " + caller + " over HTTP");
        } else {
            LOG.info("Caller {} was refused {} over HTTP: {}", caller, request, refusal);
            audit.denied(plugin, -1, LAYER, request, "caller " + caller + " over HTTP: " + refusal);
        }
    }

    /** The plugin named in a path below {@code /api/v1/plugins/}, or "-" (an install names none yet). */
    private static String pluginOf(String path) {
        String below = path.startsWith(HttpApi.PLUGINS_PATH + "/") ? path.substring(HttpApi.PLUGINS_PATH.length() + 1) : "";
        int slash = below.indexOf('/');
        String plugin = slash < 0 ? below : below.substring(0, slash);
        return plugin.isEmpty() ? "-" : plugin;
    }
}
