package io.prsm.runtime.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.InstallReport;
import io.prsm.api.marketplace.Listing;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.marketplace.SearchQuery;
import io.prsm.api.runtime.HttpApi;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * The marketplace's admin routes, a thin adapter over the {@link Marketplace} service as the
 * {@code prsm:repo}, {@code prsm:search}, {@code prsm:show}, {@code prsm:install ID} and
 * {@code prsm:update} commands are: the repositories and the offers below {@value #ROOT}, install
 * by id at {@code POST /api/v1/plugins} with {@code {"id": ...}}, update at
 * {@code POST /api/v1/plugins/{plugin}/update}. They lie below the runtime's own paths, so the
 * gatekeeper's tokens, {@code prsm_read} for reading and the audit of acts apply as to every admin
 * route.
 *
 * <p>The marketplace is a bundle of its own that a runtime may lack: it is looked up on each
 * request, and without it these routes answer 503 saying so.
 *
 * <p>Concurrent semantics: stateless apart from its services; safe for concurrent requests.
 */
final class MarketRoutes {

    static final String ROOT = HttpApi.RUNTIME_PATH + "/marketplace";

    /** Messages of refused input (400), as the marketplace words them. */
    private static final Pattern BAD_INPUT = Pattern.compile(".*(is not a repository name|is not a certificate subject"
            + "|is no plugin type|is no security level|is not a version range|is not a URL|is neither a folder nor).*",
            Pattern.DOTALL);

    private final Supplier<Marketplace> market;
    private final PluginManager plugins;

    /** @param market the marketplace service now, or null while there is none */
    MarketRoutes(Supplier<Marketplace> market, PluginManager plugins) {
        this.market = market;
        this.plugins = plugins;
    }

    /** Whether a POST to {@code /api/v1/plugins} asks for an install by id rather than from a jar. */
    static boolean installsById(AdminRoutes.Request request) throws ApiError {
        return !JarUploads.isJar(request.contentType()) && request.json().containsKey("id");
    }

    /** Answers {@code parts} ({@code runtime/marketplace/...}). */
    AdminRoutes.Reply route(AdminRoutes.Request request, String[] parts) throws ApiError {
        String method = request.method();
        String below = parts.length > 2 ? parts[2] : "";
        try {
            if (below.equals("repositories") && parts.length == 3) {
                return switch (method) {
                    case "GET" -> AdminRoutes.Reply.ok(market().repositories());
                    case "POST" -> new AdminRoutes.Reply(201, addRepository(request.json()));
                    default -> throw AdminRoutes.notAllowed(method, "GET, POST");
                };
            }
            if (below.equals("repositories") && parts.length == 4) {
                AdminRoutes.requireMethod(method, "DELETE");
                return AdminRoutes.Reply.ok(market().removeRepository(parts[3]));
            }
            if (below.equals("plugins") && parts.length == 3) {
                AdminRoutes.requireMethod(method, "GET");
                return AdminRoutes.Reply.ok(search(request));
            }
            if (below.equals("plugins") && parts.length == 4) {
                AdminRoutes.requireMethod(method, "GET");
                List<String> skipped = new ArrayList<>();
                List<Listing> versions = market().show(parts[3], skipped::add);
                return AdminRoutes.Reply.ok(ordered("versions", versions, "skipped", advice(request, skipped)));
            }
            if (below.equals("update") && parts.length == 3) {
                AdminRoutes.requireMethod(method, "POST");
                return AdminRoutes.Reply.ok(updateAll(request));
            }
        } catch (PluginOperationException refused) {
            throw refusal(request, refused);
        }
        throw AdminRoutes.notFound(request, parts);
    }

    /** {@code POST /api/v1/plugins} with {@code {"id": ..., "range": ..., "repository": ...}}: prsm:install ID. */
    AdminRoutes.Reply install(AdminRoutes.Request request) throws ApiError {
        Map<String, Object> body = request.json();
        String id = text(body, "id", true);
        List<InstallPlan> planned = new ArrayList<>(1);
        List<String> warnings = new ArrayList<>();
        try {
            InstallReport report = market().install(id, text(body, "range", false), text(body, "repository", false),
                    planned::add, warnings::add);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("plugin_id", report.pluginId());
            answer.put("version", report.version());
            answer.put("repository", report.repository());
            answer.put("libraries", report.libraries());
            // what was installed, jar by jar, as prsm:install prints its plan
            answer.put("installed", planned.isEmpty() ? List.of() : planned.get(0).jars());
            answer.put("skipped", advice(request, warnings));
            return new AdminRoutes.Reply(201, answer);
        } catch (PluginOperationException refused) {
            throw refusal(request, refused);
        }
    }

    /** {@code POST /api/v1/plugins/{plugin}/update}: prsm:update ID. */
    AdminRoutes.Reply update(AdminRoutes.Request request, String plugin) throws ApiError {
        try {
            List<String> warnings = new ArrayList<>();
            Map<String, Object> answer = update(plugin, text(request.json(), "repository", false), warnings);
            answer.put("skipped", advice(request, warnings));
            return AdminRoutes.Reply.ok(answer);
        } catch (PluginOperationException refused) {
            throw refusal(request, refused);
        }
    }

    /**
     * Updates one plugin; {@code repository} (null: the one it came from) is needed for a plugin
     * with no recorded repository, as prsm:update --repo.
     */
    private Map<String, Object> update(String plugin, String repository, List<String> warnings)
            throws ApiError, PluginOperationException {
        Marketplace marketplace = market();
        // by plugin id: a swap gives the plugin a new bundle id
        String pluginId = plugins.info(plugin).pluginId();
        Optional<SwapReport> swap = marketplace.update(pluginId, repository, plan -> { }, warnings::add);
        PluginInfo now = plugins.info(pluginId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("plugin_id", now.pluginId());
        answer.put("updated", swap.isPresent());
        answer.put("version", now.version());
        answer.put("repository", marketplace.origin(now.pluginId()).map(Repository::name).orElse(null));
        answer.put("swap", swap.orElse(null));
        return answer;
    }

    /** Every installed plugin a repository offers, as prsm:update without an id: stops at the first refusal. */
    private Map<String, Object> updateAll(AdminRoutes.Request request) throws ApiError, PluginOperationException {
        List<String> skipped = new ArrayList<>();
        Set<String> offered = market().search(SearchQuery.all(), skipped::add).stream().map(Listing::pluginId)
                .collect(Collectors.toSet());
        List<Map<String, Object>> updates = new ArrayList<>();
        for (PluginInfo installed : plugins.list()) {
            if (offered.contains(installed.pluginId())) {
                try {
                    updates.add(update(installed.pluginId(), null, skipped));
                } catch (PluginOperationException refused) {
                    // the ones before it are updated: say so, or the caller would think nothing changed
                    throw new PluginOperationException((updates.isEmpty() ? "" : "Updated " + updates.stream()
                            .map(u -> String.valueOf(u.get("plugin_id"))).collect(Collectors.joining(", "))
                            + " before; then ") + refused.getMessage());
                }
            }
        }
        return ordered("updates", updates, "skipped", advice(request, skipped));
    }

    private Repository addRepository(Map<String, Object> body) throws ApiError, PluginOperationException {
        String name = text(body, "name", true);
        String location = text(body, "location", true);
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            // as for a jar: an HTTP caller must not make the runtime read its files
            throw new ApiError(400, "Send the http(s) URL of the repository in location; a folder on the runtime's "
                    + "machine is not accepted over HTTP (add it in the runtime's own shell with prsm:repo add NAME "
                    + "FOLDER, or serve the folder over HTTP).");
        }
        Object signers = body.getOrDefault("signers", List.of());
        if (!(signers instanceof List<?> list) || !list.stream().allMatch(s -> s instanceof String text && !text.isBlank())) {
            throw new ApiError(400, "signers is a list of certificate subjects, such as [\"CN=Example Corp\"].");
        }
        return market().addRepository(name, location, list.stream().map(s -> ((String) s).strip()).toList());
    }

    private Map<String, Object> search(AdminRoutes.Request request) throws ApiError, PluginOperationException {
        List<String> skipped = new ArrayList<>();
        List<Listing> found = market().search(new SearchQuery(request.query("text"), request.query("type"),
                request.query("capability"), request.query("level")), skipped::add);
        return ordered("plugins", found, "skipped", advice(request, skipped));
    }

    private Marketplace market() throws ApiError {
        Marketplace now = market.get();
        if (now == null) {
            throw new ApiError(503, "This runtime has no marketplace: the bundle io.prsm.marketplace is not active. "
                    + "Install and start it (the distribution carries it) to use repositories.");
        }
        return now;
    }

    /** An answer of two parts, in this order. */
    private static Map<String, Object> ordered(String first, Object firstValue, String second, Object secondValue) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(first, firstValue);
        answer.put(second, secondValue);
        return answer;
    }

    /** The lines about skipped repositories, their advice in the caller's words. */
    private static List<String> advice(AdminRoutes.Request request, List<String> lines) {
        return request.wantsShellAdvice() ? lines : lines.stream().map(HttpAdvice::of).toList();
    }

    /** The refusal as the caller reads it: its status by what was wrong, its advice in the caller's words. */
    private static ApiError refusal(AdminRoutes.Request request, PluginOperationException refused) {
        String message = refused.getMessage();
        int status = message.startsWith("No plugin ") || message.startsWith("No repository ") ? 404
                : BAD_INPUT.matcher(message).matches() ? 400 : 409;
        return new ApiError(status, request.wantsShellAdvice() ? message : HttpAdvice.of(message));
    }

    /** The text field {@code name} of a JSON body; absent is null unless required. */
    private static String text(Map<String, Object> body, String name, boolean required) throws ApiError {
        Object value = body.get(name);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || required && text.isBlank()) {
            throw new ApiError(400, name + " must be " + (required ? "a non-empty" : "a") + " string; send "
                    + (required ? "it" : "it, or leave it out") + " as text, for example {\"" + name + "\": \"...\"}.");
        }
        return text;
    }
}
