package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.Test;

import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.InstallReport;
import io.prsm.api.marketplace.Listing;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.marketplace.PlannedJar;
import io.prsm.api.marketplace.PublishReport;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.marketplace.SearchQuery;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.SwapReport;
import io.prsm.runtime.commands.JsonStyle;

/**
 * Issue 20: the marketplace's admin routes pass the caller's request on to the
 * marketplace and answer its DTOs as snake_case JSON; a refusal keeps the marketplace's reason with
 * the status of what was wrong and advice in the caller's words; without a marketplace they answer
 * 503.
 */
public class MarketRoutesTest {

    private static final Listing SHOUTER = new Listing("team", "shouter", "1.1.0", "utility", "sandbox",
            List.of("text"), List.of(), List.of(), List.of("shout"), "Shouter", "Shouts", "PRSM",
            "https://repo.example.com/prsm/shouter-1.1.0.jar", "ab12");

    private final FakeMarket market = new FakeMarket();
    private final List<String> installed = new ArrayList<>(List.of("shouter 1.0.0"));
    private final AdminRoutes routes = new AdminRoutes(plugins(), null, new JarUploads(Path.of("unused"), 1),
            Path.of("no-audit-log"), JsonStyle.copy(), Map::of, new MarketRoutes(() -> market, plugins()));

    @Test
    public void repositoriesAreListedAddedByUrlAndRemoved() throws Exception {
        assertEquals("[{\"name\":\"team\",\"location\":\"https://repo.example.com/prsm\",\"signers\":[]}]",
                json(get("/api/v1/runtime/marketplace/repositories")));
        AdminRoutes.Reply added = routes.route(TestRequest.json("POST", Map.of("name", "signed", "location",
                "https://repo.example.com/signed", "signers", List.of("CN=Example Corp"))),
                "/api/v1/runtime/marketplace/repositories");
        assertEquals(201, added.status());
        assertEquals("{\"name\":\"signed\",\"location\":\"https://repo.example.com/signed\",\"signers\":"
                + "[\"CN=Example Corp\"]}", JsonStyle.write(added.body()));
        assertEquals("signed", ((Repository) routes.route(TestRequest.json("DELETE", Map.of()),
                "/api/v1/runtime/marketplace/repositories/signed").body()).name());
        assertEquals(List.of("add signed https://repo.example.com/signed [CN=Example Corp]", "remove signed"),
                market.calls);
    }

    @Test
    public void aFolderOnTheRuntimesMachineIsNotAddedOverHttp() {
        ApiError refused = assertThrows(ApiError.class, () -> routes.route(TestRequest.json("POST",
                Map.of("name", "local", "location", "/etc")), "/api/v1/runtime/marketplace/repositories"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Send the http(s) URL of the repository in "
                + "location; a folder on the runtime's machine is not accepted over HTTP"));
        assertEquals(List.of(), market.calls);
    }

    @Test
    public void searchTakesTheShellsFiltersAsQueryParametersAndNamesSkippedRepositories() throws Exception {
        TestRequest search = new TestRequest("GET", null, Map.of("text", "shout", "type", "utility", "level",
                "sandbox", "capability", "text"), Map.of(), new byte[0], false);
        String answer = json(routes.route(search, "/api/v1/runtime/marketplace/plugins"));
        assertEquals(List.of("search shout utility text sandbox"), market.calls);
        assertTrue(answer, answer.contains("\"plugins\":[{\"repository\":\"team\",\"plugin_id\":\"shouter\","
                + "\"version\":\"1.1.0\""));
        assertTrue(answer, answer.contains("\"task_types\":[\"shout\"]"));
        // the skipped repository's advice names the route, not the shell command
        assertTrue(answer, answer.contains("\"skipped\":[\"Skipped repository down: Connection refused. Check its "
                + "server or folder, or remove it with DELETE /api/v1/runtime/marketplace/repositories/down.\"]"));
        assertTrue(json(routes.route(search.fromConnect(), "/api/v1/runtime/marketplace/plugins"))
                .contains("remove it with prsm:repo remove down."));
    }

    @Test
    public void showAnswersEveryVersionOrA404InTheCallersWords() throws Exception {
        assertTrue(json(get("/api/v1/runtime/marketplace/plugins/shouter")).startsWith("{\"versions\":[{"));
        ApiError unknown = assertThrows(ApiError.class, () -> get("/api/v1/runtime/marketplace/plugins/nothing"));
        assertEquals(404, unknown.status());
        assertEquals("No repository offers plugin 'nothing'. Request GET /api/v1/runtime/marketplace/plugins to see "
                + "what they offer, or GET /api/v1/runtime/marketplace/repositories to see the repositories.",
                unknown.getMessage());
    }

    @Test
    public void installByIdTakesRangeAndRepositoryAndAnswersTheReport() throws Exception {
        AdminRoutes.Reply done = routes.route(TestRequest.json("POST", Map.of("id", "greeter", "range", "[1.0,2.0)",
                "repository", "team")), "/api/v1/plugins");
        assertEquals(201, done.status());
        assertEquals("{\"plugin_id\":\"greeter\",\"version\":\"1.0.0\",\"repository\":\"team\",\"libraries\":"
                + "[\"lib 1.0.0\"],\"installed\":[{\"library\":false,\"name\":\"greeter\",\"version\":\"1.0.0\","
                + "\"repository\":\"team\",\"size\":2048,\"level\":\"sandbox\",\"signers\":[]}],\"skipped\":"
                + "[\"Skipped repository down: Connection refused. Check its server or folder, or remove it with DELETE "
                + "/api/v1/runtime/marketplace/repositories/down.\"]}", JsonStyle.write(done.body()));
        assertEquals(List.of("install greeter [1.0,2.0) team"), market.calls);
    }

    @Test
    public void installRefusalsHaveTheStatusOfWhatWasWrong() {
        ApiError badRange = assertThrows(ApiError.class, () -> routes.route(TestRequest.json("POST",
                Map.of("id", "greeter", "range", "[2")), "/api/v1/plugins"));
        assertEquals(400, badRange.status());
        ApiError installedAlready = assertThrows(ApiError.class, () -> routes.route(TestRequest.json("POST",
                Map.of("id", "shouter")), "/api/v1/plugins"));
        assertEquals(409, installedAlready.status());
        assertEquals("shouter 1.0.0 is installed; POST /api/v1/plugins/shouter/update installs a newer version.",
                installedAlready.getMessage());
        ApiError notText = assertThrows(ApiError.class, () -> routes.route(TestRequest.json("POST",
                Map.of("id", 7)), "/api/v1/plugins"));
        assertEquals(400, notText.status());
        assertTrue(notText.getMessage(), notText.getMessage().startsWith("id must be a non-empty string"));
    }

    @Test
    public void updateSwapsOneOrEveryOfferedPluginAndSaysWhetherItDid() throws Exception {
        String one = json(routes.route(TestRequest.json("POST", Map.of()), "/api/v1/plugins/shouter/update"));
        assertEquals("{\"plugin_id\":\"shouter\",\"updated\":true,\"version\":\"1.1.0\",\"repository\":\"team\","
                + "\"swap\":{\"plugin_id\":\"shouter\",\"bundle_id\":9,\"old_version\":\"1.0.0\",\"new_version\":"
                + "\"1.1.0\",\"pause_millis\":3,\"state_carried\":false},\"skipped\":[]}", one);
        assertEquals("update shouter from any", market.calls.get(market.calls.size() - 1));
        routes.route(TestRequest.json("POST", Map.of("repository", "team")), "/api/v1/plugins/shouter/update");
        assertEquals("update shouter from team", market.calls.get(market.calls.size() - 1));
        String all = json(routes.route(TestRequest.json("POST", Map.of()), "/api/v1/runtime/marketplace/update"));
        assertTrue(all, all.contains("\"updates\":[{\"plugin_id\":\"shouter\",\"updated\":false,\"version\":\"1.1.0\""));
    }

    @Test
    public void withoutAMarketplaceItsRoutesAnswer503SayingWhatToDo() {
        AdminRoutes bare = new AdminRoutes(plugins(), null, new JarUploads(Path.of("unused"), 1),
                Path.of("no-audit-log"), JsonStyle.copy(), Map::of);
        for (String[] route : new String[][] {{"GET", "/api/v1/runtime/marketplace/repositories"},
                {"GET", "/api/v1/runtime/marketplace/plugins/shouter"}, {"POST", "/api/v1/plugins/shouter/update"}}) {
            ApiError absent = assertThrows(ApiError.class, () -> bare.route(TestRequest.json(route[0],
                    Map.of()), route[1]));
            assertEquals(503, absent.status());
            assertEquals("This runtime has no marketplace: the bundle io.prsm.marketplace is not active. Install and "
                    + "start it (the distribution carries it) to use repositories.", absent.getMessage());
        }
        ApiError byId = assertThrows(ApiError.class, () -> bare.route(TestRequest.json("POST", Map.of("id", "x")),
                "/api/v1/plugins"));
        assertEquals(503, byId.status());
    }

    private Object get(String path) throws Exception {
        return routes.route(TestRequest.json("GET", Map.of()), path).body();
    }

    private static String json(Object answer) {
        return JsonStyle.write(answer instanceof AdminRoutes.Reply reply ? reply.body() : answer);
    }

    /** The plugins installed: shouter, at the version the last update left it. */
    private PluginManager plugins() {
        return (PluginManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PluginManager.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "list" -> List.of(info());
                    case "info" -> {
                        if (!"shouter".equals(args[0])) {
                            throw new PluginOperationException("No plugin '" + args[0] + "'. Run prsm:list to see "
                                    + "installed plugins.");
                        }
                        yield info();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private PluginInfo info() {
        String version = installed.get(installed.size() - 1).split(" ")[1];
        return new PluginInfo(9, "shouter", version, "utility", "sandbox", PluginState.ACTIVE, "Shouter", "", "", "",
                List.of(), List.of(), List.of(), java.util.Set.of(), 0, 0, 0, null, null, List.of(), List.of());
    }

    /** A marketplace with one repository offering shouter 1.1.0, and one that is down; it records what it is asked. */
    private final class FakeMarket implements Marketplace {

        final List<String> calls = new ArrayList<>();
        private final Map<String, Repository> repositories = new HashMap<>(Map.of("team",
                new Repository("team", "https://repo.example.com/prsm", List.of())));

        @Override
        public List<Repository> repositories() {
            return List.copyOf(repositories.values());
        }

        @Override
        public Repository addRepository(String name, String location, List<String> signers) {
            calls.add("add " + name + " " + location + " " + signers);
            repositories.put(name, new Repository(name, location, signers));
            return repositories.get(name);
        }

        @Override
        public Repository removeRepository(String name) throws PluginOperationException {
            calls.add("remove " + name);
            return Optional.ofNullable(repositories.remove(name)).orElseThrow(() -> new PluginOperationException(
                    "No repository '" + name + "'. Run prsm:repo list to see the repositories."));
        }

        @Override
        public PublishReport publish(String jar, String folder) {
            throw new UnsupportedOperationException("publish is not offered over HTTP");
        }

        @Override
        public List<Listing> search(SearchQuery query) {
            return search(query, line -> { });
        }

        @Override
        public List<Listing> search(SearchQuery query, Consumer<String> warnings) {
            if (query.text() != null) {
                calls.add("search " + query.text() + " " + query.type() + " " + query.capability() + " "
                        + query.level());
            }
            warnings.accept("Skipped repository down: Connection refused. Check its server or folder, or remove it "
                    + "with prsm:repo remove down.");
            return List.of(SHOUTER);
        }

        @Override
        public List<Listing> show(String pluginId) throws PluginOperationException {
            return show(pluginId, line -> { });
        }

        @Override
        public List<Listing> show(String pluginId, Consumer<String> warnings) throws PluginOperationException {
            if (!pluginId.equals("shouter")) {
                throw new PluginOperationException("No repository offers plugin '" + pluginId + "'. Run prsm:search "
                        + "to see what they offer, or prsm:repo list to see the repositories.");
            }
            return List.of(SHOUTER);
        }

        @Override
        public InstallReport install(String pluginId, String range) throws PluginOperationException {
            return install(pluginId, range, null);
        }

        @Override
        public InstallReport install(String pluginId, String range, String repository)
                throws PluginOperationException {
            if (pluginId.equals("shouter")) {
                throw new PluginOperationException("shouter 1.0.0 is installed; prsm:update shouter installs a newer "
                        + "version.");
            }
            if (range != null && range.startsWith("[") && !range.endsWith(")")) {
                throw new PluginOperationException("'" + range + "' is not a version range (no end); give one such "
                        + "as 1.2.0 (at least) or [1.0,2.0).");
            }
            calls.add("install " + pluginId + " " + range + " " + repository);
            return new InstallReport(pluginId, "1.0.0", "team", List.of("lib 1.0.0"));
        }

        @Override
        public Optional<Repository> origin(String pluginId) {
            return Optional.of(repositories.get("team"));
        }

        @Override
        public InstallPlan plan(String pluginId, String range, String repository, Consumer<String> warnings) {
            return new InstallPlan(pluginId, "1.0.0", "team", List.of());
        }

        @Override
        public InstallReport install(String pluginId, String range, String repository, Consumer<InstallPlan> plan,
                Consumer<String> warnings) throws PluginOperationException {
            InstallReport report = install(pluginId, range, repository);
            plan.accept(new InstallPlan(pluginId, "1.0.0", "team", List.of(new PlannedJar(false, pluginId, "1.0.0",
                    "team", 2048, "sandbox", List.of()))));
            warnings.accept("Skipped repository down: Connection refused. Check its server or folder, or remove it "
                    + "with prsm:repo remove down.");
            return report;
        }

        @Override
        public Optional<InstallPlan> planUpdate(String pluginId, String repository, Consumer<String> warnings) {
            return Optional.empty();
        }

        @Override
        public Optional<SwapReport> update(String pluginId, String repository, Consumer<InstallPlan> plan,
                Consumer<String> warnings) {
            calls.add("update " + pluginId + " from " + (repository == null ? "any" : repository));
            return update(pluginId);
        }

        @Override
        public Optional<SwapReport> update(String pluginId) {
            if (installed.get(installed.size() - 1).endsWith("1.1.0")) {
                return Optional.empty();
            }
            installed.add("shouter 1.1.0");
            return Optional.of(new SwapReport("shouter", 9, "1.0.0", "1.1.0", 3, false));
        }
    }
}
