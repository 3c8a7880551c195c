package io.prsm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.runtime.embed.StorageFolders;

/**
 * Runs one plugin in a real PRSM runtime for the length of a test or a test class: Felix with the
 * gatekeeper, Event Admin, Configuration Admin and the HTTP API on a free loopback port, in a fresh
 * storage folder. {@link PrsmHarness} (a JUnit 4 rule) and {@link PrsmExtension} (a JUnit 5
 * extension) start and stop it around tests; this class holds what both offer.
 *
 * <p>The runtime's bundles come from the {@code io.prsm:prsm-distribution} artifact, found as
 * {@link DistributionLocator} says: a plugin project needs no checkout of PRSM.
 *
 * <p>Concurrent semantics: not thread-safe; one test thread drives it.
 *
 * @param <H> the concrete harness, so that the {@code with...} settings chain
 */
public abstract class PluginHarness<H extends PluginHarness<H>> {

    private final Path pluginJar;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HarnessPolicy policy = new HarnessPolicy(mapper);
    private final HarnessHttp http = new HarnessHttp(mapper);
    private final HarnessRuntime runtime = new HarnessRuntime();
    private final Map<String, String> frameworkProperties = new HashMap<>();
    private final Map<String, String> configFiles = new LinkedHashMap<>();
    private Path storage;
    private String pluginId;

    PluginHarness(Path pluginJar) {
        this.pluginJar = pluginJar.toAbsolutePath();
    }

    private H self() {
        @SuppressWarnings("unchecked") // H is the concrete class by construction: PrsmHarness, PrsmExtension
        H self = (H) this;
        return self;
    }

    /** Runs the plugin under this policy ({@code policy.json}, without {@code tokens}: the harness makes those). */
    public H withPolicy(String policyJson) {
        policy.merge(policyJson);
        return self();
    }

    /**
     * Changes the policy while the runtime runs: merges {@code policyJson} into it and reloads it
     * ({@code prsm:policy reload}); plugins whose grants it revokes are refreshed.
     */
    public void updatePolicy(String policyJson) throws Exception {
        withPolicy(policyJson);
        policy.write(storage);
        shell("prsm:policy reload");
    }

    /** Lets plugin {@code pluginId} run at the trusted level, whoever signed it. */
    public H trusting(String pluginId) {
        policy.trust(pluginId);
        return self();
    }

    /** Writes {@code config/<pluginId>.json} in the storage folder before the runtime starts. */
    public H withConfigFile(String pluginId, String json) {
        configFiles.put(pluginId, json);
        return self();
    }

    /** Sets a framework property, for example {@code prsm.task.timeout}. */
    public H withFrameworkProperty(String name, String value) {
        frameworkProperties.put(name, value);
        return self();
    }

    /**
     * Starts the runtime in a fresh storage folder and installs the plugin through the plugin
     * manager; the plugin id is the one the manager reports, whatever the runtime logs.
     */
    public void start() throws Exception {
        storage = Files.createTempDirectory("prsm-harness-");
        for (Map.Entry<String, String> file : configFiles.entrySet()) {
            Files.createDirectories(storage.resolve("config"));
            Files.writeString(storage.resolve("config").resolve(file.getKey() + ".json"), file.getValue());
        }
        policy.issue(Set.of(HarnessPolicy.ADMIN));
        policy.write(storage);
        runtime.startOnFreePort(storage, frameworkProperties);
        pluginId = runtime.runtime().install(pluginJar).pluginId();
    }

    /** Stops the runtime and deletes its storage folder. */
    public void stop() {
        try {
            runtime.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The runtime did not stop cleanly: " + e.getMessage(), e);
        } finally {
            delete(storage);
        }
    }

    /** The plugin id of the plugin under test. */
    public String pluginId() {
        return pluginId;
    }

    /** The storage folder of the runtime: plugin data, audit log, policy, configuration files. */
    public Path storage() {
        return storage;
    }

    /** The framework, for a test that needs to look deeper. */
    public BundleContext bundleContext() {
        return runtime.context();
    }

    /**
     * Runs a Gogo command (for example {@code prsm:info my-plugin}) and returns what it answered.
     *
     * @throws Exception what the command threw, for example a refused {@code prsm:config}
     */
    public String shell(String command) throws Exception {
        return runtime.shell(command);
    }

    /** The plugin as {@code GET /api/v1/plugins/{id}} describes it. */
    public JsonNode info() throws IOException, InterruptedException {
        return request("GET", "/api/v1/plugins/" + pluginId, null, Set.of(HarnessPolicy.ADMIN)).body();
    }

    /** The hooks the plugin subscribes to. */
    public List<String> hooks() throws IOException, InterruptedException {
        return strings(info().get("hooks"));
    }

    /** The plugin's endpoints, each as {@code path (permission)}. */
    public List<String> endpoints() throws IOException, InterruptedException {
        return strings(info().get("endpoints"));
    }

    /**
     * Publishes {@code hook} as the operator does ({@code prsm:hook}) and waits until every
     * subscriber has had it; returns the command's answer, for example
     * {@code user_login delivered to 1 subscriber}.
     */
    public String fireHook(String hook, Map<String, ?> payload) throws Exception {
        String json = mapper.writeValueAsString(payload).replace("'", "\\u0027");
        return shell("prsm:hook " + hook + " '" + json + "'");
    }

    /** {@code GET path} with a token that carries exactly {@code permissions}. */
    public HttpAnswer get(String path, String... permissions) throws IOException, InterruptedException {
        return request("GET", path, null, Set.of(permissions));
    }

    /** {@code POST path} with {@code jsonBody} and a token that carries exactly {@code permissions}. */
    public HttpAnswer post(String path, String jsonBody, String... permissions) throws IOException, InterruptedException {
        return request("POST", path, jsonBody, Set.of(permissions));
    }

    /** A request without any token. */
    public HttpAnswer anonymous(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Runs a task through {@code POST /api/v1/plugins/{id}/tasks} and returns the plugin's response
     * ({@code success}, {@code data}, and {@code error} when it failed).
     */
    public JsonNode execute(String type, Map<String, ?> config) throws IOException, InterruptedException {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("type", type);
        task.put("config", config);
        HttpAnswer answer = request("POST", "/api/v1/plugins/" + pluginId + "/tasks", mapper.writeValueAsString(task),
                Set.of(HarnessPolicy.ADMIN));
        if (answer.status() != 200) {
            throw new AssertionError("Task " + type + " was answered " + answer.status() + ": " + answer.error());
        }
        return answer.body();
    }

    /** Sets a configuration override ({@code prsm:config}); throws the refusal when the value is refused. */
    public String configure(String key, String value) throws Exception {
        if (value.contains("'")) {
            throw new IllegalArgumentException("The harness passes values in single quotes; this one contains one");
        }
        return shell("prsm:config " + pluginId + " " + key + " '" + value + "'");
    }

    /**
     * Stops the platform bundle {@code symbolicName} (for example {@code org.apache.felix.eventadmin})
     * to see how the plugin copes; closing the returned handle starts it again. A bundle that
     * configures itself asynchronously (Event Admin does) may need a moment after that before it
     * serves as before.
     */
    public AutoCloseable failPlatformBundle(String symbolicName) throws BundleException {
        return HarnessFaults.stopBundle(runtime.context(), symbolicName);
    }

    /** The folder where the runtime keeps the plugin's stored data. */
    public Path dataFolder() {
        return storage.resolve("plugins").resolve(pluginId).resolve("data");
    }

    /**
     * What the plugin recorded: every entry of its {@code PluginStorage}, by key, as it is stored
     * now (an entry being written is not shown until it is complete).
     *
     * @throws IllegalStateException if the runtime encrypts stored data ({@code prsm.storage.encrypt}):
     *         the entries are then readable only by the plugin
     */
    public java.util.SortedMap<String, String> recorded() throws IOException {
        if (Boolean.parseBoolean(frameworkProperties.get("prsm.storage.encrypt"))) {
            throw new IllegalStateException("The harness's runtime encrypts stored data, so only the plugin can read "
                    + "its entries; ask the plugin (a task or an endpoint) instead");
        }
        return HarnessFaults.entries(dataFolder());
    }

    /**
     * Makes the plugin's store fail, as a lost database connection would: until the returned handle
     * is closed, every read and write of the plugin's {@code PluginStorage} is an I/O error. Closing
     * it puts the stored entries back as they were.
     */
    public AutoCloseable failStorage() throws IOException {
        return HarnessFaults.failStorage(dataFolder());
    }

    /**
     * Holds {@code megabytes} of heap (at most half of what is free now, so the test itself can go
     * on) in the JVM the runtime runs in, until the returned handle is closed: the plugin and the
     * runtime then work under that memory pressure.
     */
    public AutoCloseable simulateMemoryPressure(long megabytes) {
        return HarnessFaults.holdHeap(megabytes);
    }

    /** Stops and starts the plugin ({@code prsm:stop}, {@code prsm:start}): a fresh instance, same storage. */
    public void restartPlugin() throws Exception {
        shell("prsm:stop " + pluginId);
        shell("prsm:start " + pluginId);
    }

    /** Stops the whole runtime and starts it again on the same storage folder, as an operator restart does. */
    public void restartRuntime() throws Exception {
        runtime.restart(storage, frameworkProperties);
        // the bundle cache restarts the plugin; prsm:start waits until it is active (or says why not)
        shell("prsm:start " + pluginId);
    }

    private HttpAnswer request(String method, String path, String body, Set<String> permissions)
            throws IOException, InterruptedException {
        return http.request(method, uri(path), body, token(permissions));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.port() + path);
    }

    /** A token carrying exactly {@code permissions}, issued through the policy on first use. */
    private String token(Set<String> permissions) {
        String token = policy.token(permissions);
        if (token != null) {
            return token;
        }
        token = policy.issue(permissions);
        try {
            policy.write(storage);
            shell("prsm:policy reload");
        } catch (Exception e) {
            throw new IllegalStateException("Could not issue a token for " + permissions + ": " + e.getMessage(), e);
        }
        return token;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        if (array != null) {
            array.forEach(element -> strings.add(element.asText()));
        }
        return strings;
    }

    private static void delete(Path folder) {
        try {
            StorageFolders.delete(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the harness storage " + folder, e);
        }
    }
}
