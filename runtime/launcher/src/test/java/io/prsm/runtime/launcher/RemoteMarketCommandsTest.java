package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Issue 20: the marketplace's commands take the shell's words over --connect. */
public class RemoteMarketCommandsTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private static RemoteClient.Call call(String... words) {
        return RemoteCommands.call(List.of(words));
    }

    private static String request(String... words) {
        RemoteClient.Call call = call(words);
        return call.method() + " " + call.path() + (call.json() == null ? "" : " " + call.json());
    }

    @Test
    public void repoListAddsAndRemovesWithTheShellsWords() {
        assertEquals("GET /api/v1/runtime/marketplace/repositories", request("repo", "list"));
        assertEquals("POST /api/v1/runtime/marketplace/repositories {\"name\":\"team\",\"location\":"
                + "\"http://127.0.0.1:8000/repo\"}", request("repo", "add", "team", "http://127.0.0.1:8000/repo"));
        assertEquals("POST /api/v1/runtime/marketplace/repositories {\"name\":\"signed\",\"location\":\"https://x/r\","
                + "\"signers\":[\"CN=Example Corp, O=Example \\\"Inc\\\"\"]}",
                request("repo", "add", "--signed-by", "CN=Example Corp, O=Example \"Inc\"", "signed", "https://x/r"));
        assertEquals("DELETE /api/v1/runtime/marketplace/repositories/team", request("repo", "remove", "team"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> call("repo", "drop"));
        assertEquals("repo takes list, add [--signed-by SUBJECT] NAME URL or remove NAME, not 'drop'.",
                refused.getMessage());
    }

    @Test
    public void searchPassesTextAndFiltersAsEncodedQueryParameters() {
        assertEquals("GET /api/v1/runtime/marketplace/plugins", request("search"));
        assertEquals("GET /api/v1/runtime/marketplace/plugins?text=big%20shout&type=utility&level=sandbox",
                request("search", "--level", "sandbox", "--type", "utility", "big shout"));
        assertEquals("GET /api/v1/runtime/marketplace/plugins?capability=a%26b", request("search", "--capability", "a&b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("search", "a", "b")).getMessage()
                .startsWith("Wrong arguments for search; it takes: search [--type TYPE]"));
    }

    @Test
    public void showAndUpdateNameThePluginOrUpdateEveryOne() {
        assertEquals("GET /api/v1/runtime/marketplace/plugins/shouter", request("show", "shouter"));
        assertEquals("POST /api/v1/plugins/shouter/update", request("update", "shouter"));
        assertEquals("POST /api/v1/runtime/marketplace/update", request("update"));
        assertEquals("POST /api/v1/plugins/shouter/update {\"repository\":\"team\"}",
                request("update", "--repo", "team", "shouter"));
        String usage = "Wrong arguments for update; it takes: update [PLUGIN] (every plugin without one), or update "
                + "--repo NAME PLUGIN.";
        assertEquals(usage, assertThrows(IllegalArgumentException.class, () -> call("update", "--repo", "team"))
                .getMessage());
        assertEquals(usage, assertThrows(IllegalArgumentException.class, () -> call("update", "a", "b")).getMessage());
    }

    @Test
    public void aDryRunIsRefusedAsOnlyInTheRuntimesOwnShell() {
        assertEquals("install --dry-run is only in the runtime's own shell (prsm:install --dry-run there); the admin "
                + "API has no dry run yet, so --connect cannot offer it.", assertThrows(IllegalArgumentException.class,
                        () -> call("install", "--dry-run", "--repo", "team", "shouter")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("update", "--dry-run", "shouter"))
                .getMessage().startsWith("update --dry-run is only in the runtime's own shell"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("update", "--dry-run")).getMessage()
                .startsWith("update --dry-run is only in the runtime's own shell"));
    }

    @Test
    public void installsUsageNamesTheJarAndTheIdForms() {
        assertEquals("Wrong arguments for install; it takes: install [--sha256 DIGEST] JAR_OR_URL, or install [--repo "
                + "NAME] PLUGIN_ID[@RANGE].", assertThrows(IllegalArgumentException.class,
                        () -> call("install", "a.jar", "b.jar")).getMessage());
    }

    @Test
    public void installTakesAnIdWithRangeAndRepositoryButAJarWhereAFileIs() throws Exception {
        assertEquals("POST /api/v1/plugins {\"id\":\"shouter\"}", request("install", "shouter"));
        assertEquals("POST /api/v1/plugins {\"id\":\"shouter\",\"range\":\"[1.0,2.0)\",\"repository\":\"team\"}",
                request("install", "--repo", "team", "shouter@[1.0,2.0)"));
        // a path is a jar to upload, as in the shell
        String file = temp.newFile("greeter").getPath();
        RemoteClient.Call upload = call("install", file);
        assertTrue(upload.path(), upload.path().startsWith("/api/v1/plugins?file_name=greeter"));
        assertEquals(java.nio.file.Path.of(file), upload.upload());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> call("install", "--repo", "team", "x.jar"))
                .getMessage().startsWith("--repo takes a plugin id, not 'x.jar'"));
        assertNull(RemoteMarketCommands.call("publish", List.of("a.jar", "/srv/repo")));
    }
}
