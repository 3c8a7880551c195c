package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;

/**
 * What the admin routes answer for refused uploads and the
 * audit log, against a fake manager that refuses every jar the way the real one words it.
 */
public class AdminRoutesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final List<String> installedFrom = new ArrayList<>();

    /** Refuses each jar naming its location and giving shell advice, as the plugin manager does. */
    private final PluginManager refusing = (PluginManager) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PluginManager.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "list":
                        return List.of();
                    case "install":
                        installedFrom.add((String) args[0]);
                        String uri = Path.of((String) args[0]).toUri().toString();
                        throw new PluginOperationException("Refused " + uri + ": its SHA-256 is 00, not 11 as given "
                                + "with --sha256. The download is corrupt or not the jar meant; nothing was installed.");
                    default:
                        throw new PluginOperationException("No plugin 'p'. Run prsm:list to see installed plugins.");
                }
            });

    @Test
    public void refusedUploadIsNamedAsTheClientSentItAndDeleted() throws Exception {
        Path uploads = folder.getRoot().toPath().resolve("uploads");
        AdminRoutes routes = routes(uploads, folder.getRoot().toPath().resolve("audit.log"));
        ApiError refused = assertThrows(ApiError.class, () -> routes.route(
                upload("POST", Map.of("file_name", "build/libs/greeter-1.0.0.jar")), "/api/v1/plugins"));
        assertEquals(409, refused.status());
        assertEquals("Refused the uploaded jar 'greeter-1.0.0.jar': its SHA-256 is 00, not 11 as given in sha256. The "
                + "download is corrupt or not the jar meant; nothing was installed.", refused.getMessage());
        assertEquals(1, installedFrom.size());
        assertTrue(installedFrom.get(0), installedFrom.get(0).startsWith(uploads.toString()));
        try (var left = Files.list(uploads)) {
            assertEquals("refused uploads are deleted", List.of(), left.toList());
        }
    }

    @Test
    public void uploadWithoutANameIsTheUploadedJar() throws Exception {
        AdminRoutes routes = routes(folder.getRoot().toPath().resolve("uploads"), folder.getRoot().toPath());
        ApiError refused = assertThrows(ApiError.class, () -> routes.route(upload("POST", Map.of()), "/api/v1/plugins"));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Refused the uploaded jar: "));
        assertFalse(refused.getMessage(), refused.getMessage().contains("upload-"));
    }

    @Test
    public void auditAnswersTheShellsDefaultOfTwentyEntries() throws Exception {
        Path log = folder.getRoot().toPath().resolve("audit.log");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            lines.add("{\"entry\":" + i + "}");
        }
        Files.write(log, lines);
        AdminRoutes routes = routes(folder.getRoot().toPath().resolve("uploads"), log);
        List<?> entries = (List<?>) routes.route(upload("GET", Map.of()), "/api/v1/runtime/audit").body();
        assertEquals(20, entries.size());
        assertEquals(Map.of("entry", 11), entries.get(0));
        assertEquals(Map.of("entry", 30), entries.get(19));
    }

    @Test
    public void auditEntriesAreAnsweredInTimeOrder() throws Exception {
        Path log = folder.getRoot().toPath().resolve("audit.log");
        // as an older runtime wrote a fold's count: stamped with its last repeat, after a later line
        Files.write(log, List.of("{\"time\":\"2026-12-07T00:00:00Z\",\"n\":1}",
                "{\"time\":\"2026-12-07T00:00:30.5Z\",\"n\":3}", "{\"time\":\"2026-12-07T00:00:20Z\",\"n\":2}"));
        AdminRoutes routes = routes(folder.getRoot().toPath().resolve("uploads"), log);
        List<?> entries = (List<?>) routes.route(upload("GET", Map.of()), "/api/v1/runtime/audit").body();
        assertEquals(List.of(1, 2, 3), entries.stream().map(entry -> ((Map<?, ?>) entry).get("n")).toList());
    }

    @Test
    public void unknownPluginAdviceNamesTheRoute() {
        AdminRoutes routes = routes(folder.getRoot().toPath(), folder.getRoot().toPath());
        ApiError unknown = assertThrows(ApiError.class, () -> routes.route(upload("GET", Map.of()), "/api/v1/plugins/p"));
        assertEquals(404, unknown.status());
        assertEquals("No plugin 'p'. Request GET /api/v1/plugins to see installed plugins.", unknown.getMessage());
    }

    @Test
    public void connectClientKeepsTheShellsAdvice() {
        AdminRoutes routes = routes(folder.getRoot().toPath(), folder.getRoot().toPath());
        AdminRoutes.Request fromConnect = TestRequest.json("GET", Map.of()).fromConnect();
        ApiError unknown = assertThrows(ApiError.class, () -> routes.route(fromConnect, "/api/v1/plugins/p"));
        assertEquals("No plugin 'p'. Run prsm:list to see installed plugins.", unknown.getMessage());
    }

    /** A task refused by a quarantined plugin: its advice to restart it names the route. */
    @Test
    public void refusedTaskAdviceNamesTheRoute() throws Exception {
        PluginManager quarantined = (PluginManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PluginManager.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "info" -> new io.prsm.api.runtime.PluginInfo(7, "p", "1.0.0", "utility", "isolated",
                            io.prsm.api.runtime.PluginState.ACTIVE, "p", "", "", "file:/p.jar", List.of(), List.of(),
                            List.of(), java.util.Set.of(), 1, 0.25, 1, null, new io.prsm.api.runtime.PluginMetrics(0, 0,
                                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of(), List.of());
                    case "execute" -> java.util.concurrent.CompletableFuture.completedFuture(
                            io.prsm.api.PluginResponse.failure("Plugin 'p' is quarantined; restart it with prsm:start p.",
                                    io.prsm.api.ErrorSeverity.HIGH, "QUARANTINED"));
                    default -> throw new PluginOperationException("not in this test");
                });
        AdminRoutes routes = new AdminRoutes(quarantined, null, new JarUploads(folder.getRoot().toPath(), 1),
                folder.getRoot().toPath(), new ObjectMapper(), Map::of);
        AdminRoutes.Request task = TestRequest.json("POST", Map.of("type", "t"));
        Map<?, ?> answer = (Map<?, ?>) routes.route(task, "/api/v1/plugins/p/tasks").body();
        assertEquals("Plugin 'p' is quarantined; restart it with POST /api/v1/plugins/p/start.", answer.get("error"));
        assertEquals("high", answer.get("error_severity"));
    }

    private AdminRoutes routes(Path uploads, Path auditLog) {
        return new AdminRoutes(refusing, null, new JarUploads(uploads, 1 << 20), auditLog, new ObjectMapper(), Map::of);
    }

    /** A request whose body is a (fake) jar sent as application/java-archive. */
    private static AdminRoutes.Request upload(String method, Map<String, String> query) {
        return TestRequest.upload(method, query, "PK not really a jar".getBytes());
    }
}
