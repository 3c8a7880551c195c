package io.prsm.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.HttpApi;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.limits.Quote;

/**
 * The administrative routes below {@link HttpApi#PLUGINS_PATH} and {@link HttpApi#RUNTIME_PATH}
 * (the ones OpenAPI describes in {@code openapi.json}): a thin adapter from HTTP to the
 * {@link PluginManager}, as the shell commands are; the marketplace's are {@link MarketRoutes}. The caller holds {@code prsm_admin} (checked
 * before). Answers are the API's DTOs, written with snake_case keys and lower-case enums.
 *
 * <p>Concurrent semantics: stateless apart from its services; safe for concurrent requests.
 */
final class AdminRoutes {

    /** One answer: its HTTP status and body. */
    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    /** One request, as far as the routes care: method, path below /api/v1, body. */
    interface Request {
        String method();

        String contentType();

        String query(String name);

        Map<String, Object> json() throws ApiError;

        InputStream body() throws IOException;

        /**
         * The caller is {@code --connect}, which runs prsm commands: advice in errors stays in
         * the shell's words (header {@value AdminRoutes#SHELL_ADVICE}: shell).
         */
        default boolean wantsShellAdvice() {
            return false;
        }
    }

    /** The request header with which {@code --connect} asks for advice in prsm commands. */
    static final String SHELL_ADVICE = "Prsm-Advice";

    /** How long a task sent over HTTP is waited for; the queue answers every task by its own timeout. */
    private static final long TASK_TIMEOUT_MILLIS = 5 * 60_000L;

    private final PluginManager plugins;
    private final RuntimeStatistics statistics;
    private final JarUploads uploads;
    private final AuditLogPages audit;
    private final Supplier<Map<String, Object>> history;
    private final MarketRoutes market;

    /** Routes of a runtime without a marketplace (its routes answer 503). */
    AdminRoutes(PluginManager plugins, RuntimeStatistics statistics, JarUploads uploads, Path auditLog,
            ObjectMapper json, Supplier<Map<String, Object>> history) {
        this(plugins, statistics, uploads, auditLog, json, history, new MarketRoutes(() -> null, plugins));
    }

    /**
     * @param history the metrics of the last minutes (see {@code MetricsSampler})
     * @param market the marketplace's routes
     */
    AdminRoutes(PluginManager plugins, RuntimeStatistics statistics, JarUploads uploads, Path auditLog,
            ObjectMapper json, Supplier<Map<String, Object>> history, MarketRoutes market) {
        this.plugins = plugins;
        this.market = market;
        this.history = history;
        this.statistics = statistics;
        this.uploads = uploads;
        this.audit = new AuditLogPages(auditLog, json);
    }

    /** Answers {@code path} (from {@code /api/v1/} on), or throws the error to answer. */
    Reply route(Request request, String path) throws ApiError, IOException {
        String[] parts = path.substring(HttpApi.ENDPOINT_ROOT.length()).split("/");
        try {
            if (parts.length > 1 && parts[0].equals("runtime") && parts[1].equals("marketplace")) {
                return market.route(request, parts);
            }
            return parts[0].equals("plugins") ? plugin(request, parts) : runtime(request, parts);
        } catch (PluginOperationException refused) {
            String message = refused.getMessage();
            throw new ApiError(message.startsWith("No plugin ") ? 404 : 409, request.wantsShellAdvice() ? message
                    : HttpAdvice.of(message));
        }
    }

    private Reply plugin(Request request, String[] parts) throws ApiError, IOException, PluginOperationException {
        String method = request.method();
        if (parts.length == 1) {
            return switch (method) {
                case "GET" -> Reply.ok(plugins.list());
                case "POST" -> MarketRoutes.installsById(request) ? market.install(request)
                        : new Reply(201, withJar(request, jar -> plugins.install(jar, sha256(request))));
                default -> throw notAllowed(method, "GET, POST");
            };
        }
        String id = parts[1];
        if (parts.length == 2) {
            return switch (method) {
                case "GET" -> Reply.ok(plugins.info(id));
                case "DELETE" -> {
                    String pluginId = plugins.info(id).pluginId();
                    boolean purge = purge(request);
                    plugins.uninstall(id);
                    Map<String, Object> done = new LinkedHashMap<>(Map.of("plugin_id", pluginId, "uninstalled", true));
                    if (purge) {
                        done.put("purged", plugins.purge(pluginId));
                    }
                    yield Reply.ok(done);
                }
                default -> throw notAllowed(method, "GET, DELETE");
            };
        }
        String action = parts[2];
        if (parts.length == 3 && !action.equals("config")) {
            requireMethod(method, "POST");
            return switch (action) {
                case "start" -> Reply.ok(plugins.start(id));
                case "stop" -> Reply.ok(plugins.stop(id));
                case "swap" -> Reply.ok(withJar(request, jar -> plugins.swap(id, jar, sha256(request))));
                case "tasks" -> Reply.ok(execute(id, request));
                case "update" -> market.update(request, id);
                default -> throw notFound(request, parts);
            };
        }
        if (action.equals("config") && parts.length == 3) {
            requireMethod(method, "GET");
            return Reply.ok(plugins.configuration(id));
        }
        if (action.equals("config") && parts.length == 4) {
            return switch (method) {
                case "PUT" -> {
                    Object value = request.json().get("value");
                    if (value == null) {
                        throw new ApiError(400, "Send {\"value\": \"...\"}; DELETE removes the override.");
                    }
                    yield Reply.ok(plugins.configure(id, parts[3], String.valueOf(value)));
                }
                case "DELETE" -> Reply.ok(plugins.configure(id, parts[3], null));
                default -> throw notAllowed(method, "PUT, DELETE");
            };
        }
        throw notFound(request, parts);
    }

    private Reply runtime(Request request, String[] parts) throws ApiError, IOException {
        String route = String.join("/", parts);
        requireMethod(request.method(), "GET");
        return switch (route) {
            case "runtime/metrics" -> Reply.ok(statistics.snapshot());
            case "runtime/metrics/history" -> Reply.ok(history.get());
            case "runtime/audit" -> Reply.ok(audit.page(AuditQuery.of(request::query)));
            case "runtime/health/live" -> health(Health.liveness(plugins));
            case "runtime/health/ready" -> health(Health.readiness(plugins));
            case "runtime/openapi.json" -> Reply.ok(OpenApi.document());
            default -> throw notFound(request, parts);
        };
    }

    private Object execute(String plugin, Request request) throws ApiError {
        Map<String, Object> body = request.json();
        PluginInfo info = info(plugin);
        if (info.state() != PluginState.ACTIVE) {
            throw new ApiError(503, "Plugin '" + info.pluginId() + "' is " + info.state().id() + ", not active.");
        }
        Object type = body.get("type");
        Object config = body.getOrDefault("config", Map.of());
        if (!(type instanceof String name) || name.isBlank() || !(config instanceof Map<?, ?> map)) {
            throw new ApiError(400, "A task is {\"type\": \"...\", \"config\": {...}}.");
        }
        @SuppressWarnings("unchecked")
        Task task = new Task(name, (Map<String, Object>) map);
        try {
            PluginResponse answer = plugins.execute(plugin, task).toCompletableFuture()
                    .get(TASK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("success", answer.success());
            json.put("data", answer.data());
            if (!answer.success()) {
                // a refused task's advice (a quarantined plugin's restart) names the route too
                json.put("error", answer.error() == null || request.wantsShellAdvice() ? answer.error()
                        : HttpAdvice.of(answer.error()));
                json.put("error_severity", answer.errorSeverity() == null ? null
                        : answer.errorSeverity().name().toLowerCase(java.util.Locale.ROOT));
                json.put("error_code", answer.errorCode());
            }
            return json;
        } catch (PluginOperationException | ExecutionException | TimeoutException failed) {
            throw new ApiError(503, "Plugin '" + info.pluginId() + "' could not run the task.");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "Interrupted.");
        }
    }

    private PluginInfo info(String plugin) throws ApiError {
        try {
            return plugins.info(plugin);
        } catch (PluginOperationException unknown) {
            throw new ApiError(404, unknown.getMessage());
        }
    }

    private static Reply health(Map<String, Object> report) {
        return new Reply(Health.httpStatus(report), report);
    }

    /** What an install or swap does with the jar's location. */
    private interface JarAction {
        Object apply(String location) throws ApiError, PluginOperationException;
    }

    /**
     * Runs {@code action} on the jar of {@code request}. An uploaded jar that is refused is deleted
     * (it serves nothing), and the refusal names it as the client sent it, not by the runtime's file.
     */
    private Object withJar(Request request, JarAction action) throws ApiError, IOException, PluginOperationException {
        if (!JarUploads.isJar(request.contentType())) {
            return action.apply(uploads.location(request.contentType(), request.json(), InputStream.nullInputStream()));
        }
        JarUploads.Upload upload = uploads.save(request.body(), request.query("file_name"));
        try {
            return action.apply(upload.location());
        } catch (PluginOperationException refused) {
            uploads.discardUnless(upload, plugins.list().stream().map(PluginInfo::location).toList());
            throw new PluginOperationException(upload.named(refused.getMessage()));
        }
    }

    /** {@code ?purge=true} on DELETE, as prsm:uninstall --purge; anything but true or false is refused. */
    private static boolean purge(Request request) throws ApiError {
        String purge = request.query("purge");
        if (purge == null || purge.equals("false")) {
            return false;
        }
        if (!purge.equals("true")) {
            throw new ApiError(400, "purge is true or false, not '" + Quote.prefix(purge) + "'.");
        }
        return true;
    }

    private static String sha256(Request request) throws ApiError {
        String query = request.query("sha256");
        if (query != null || JarUploads.isJar(request.contentType())) {
            return query;
        }
        Object digest = request.json().get("sha256");
        return digest == null ? null : String.valueOf(digest);
    }

    static void requireMethod(String method, String allowed) throws ApiError {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
    }

    static ApiError notAllowed(String method, String allowed) {
        return new ApiError(405, "This route accepts " + allowed + ", not " + Quote.prefix(method) + ".");
    }

    static ApiError notFound(Request request, String[] parts) {
        return new ApiError(404, "No route " + Quote.prefix(request.method()) + " " + HttpApi.ENDPOINT_ROOT
                + Quote.prefix(String.join("/", parts), 200) + "; GET " + HttpApi.RUNTIME_PATH + "/openapi.json "
                + "describes every route.");
    }
}
