package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * A message that reaches an HTTP caller names what that caller can do,
 * the route or the field, not a shell command or option. Advice with no route is marked as the
 * runtime's own shell's.
 */
public class HttpAdviceTest {

    /** The shell commands whose advice {@link HttpAdvice} knows how to give over HTTP. */
    private static final Set<String> TRANSLATED = Set.of("prsm:list", "prsm:start", "prsm:uninstall",
            "prsm:install", "prsm:config", "prsm:audit", "prsm:policy", "prsm:data", "prsm:repo", "scr:list", "scr:info",
            "prsm:search", "prsm:show", "prsm:update", "prsm:publish");

    /** The messages of the plugin manager with advice in them, as it words them. */
    private static final List<String> MESSAGES = List.of(
            "No plugin 'gretter'. Run prsm:list to see installed plugins (did you mean greeter?).",
            "No plugin named. Give a plugin id or bundle id; run prsm:list to see them.",
            "No plugin is bundle 99. Run prsm:list to see installed plugins.",
            "Plugin 'greeter' is installed as bundle 40 but does not resolve. It requires a permission the policy "
                    + "does not grant: x. Grant it in policy.json, run prsm:policy reload, then prsm:start greeter.",
            "Plugin 'greeter' is installed as bundle 40; uninstall it and purge its data with prsm:uninstall greeter "
                    + "--purge.",
            "x.jar is plugin 'other', not 'greeter'; a swap replaces a plugin by a version of itself. Install it "
                    + "with prsm:install 'file:///tmp/x.jar' instead.",
            "file:///tmp/x.jar is already installed as bundle 40. Uninstall it first (prsm:uninstall 40).",
            "Plugin 'greeter' is already installed as bundle 40 (version 1.0.0, active). Uninstall it first with "
                    + "prsm:uninstall greeter.",
            "--sha256 takes the 64 hex digits of the jar's SHA-256 (sha256sum prints them), not 'abc'.",
            "Refused x: its SHA-256 is 00, not 11 as given with --sha256. The download is corrupt or not the jar "
                    + "meant; nothing was installed.",
            "Plugin 'greeter' was stopped. Start it with prsm:start greeter.",
            "Missing package a.b: it or the plugin is refused (prsm:audit says which and why).",
            "Setting 'size' must be a number, not 'x' (change it with prsm:config greeter size VALUE).",
            "The id belongs to bundle 7. To give the id to this bundle, delete what the other one left with "
                    + "prsm:data purge greeter.",
            "its bundle started but registered no io.prsm.api.Plugin service within 30 s: run scr:list 40 to see "
                    + "its component's id and state, then scr:info with that id.",
            // issue 20: the marketplace's messages reach HTTP callers through its routes
            "No repository offers plugin 'shouter' in versions [2.0.0,3.0.0). Run prsm:show shouter to see the "
                    + "versions offered, or prsm:search to see the plugins.",
            "There is a repository 'team' already (https://repo.example.com). Remove it first with prsm:repo remove "
                    + "team, or choose another name.",
            "No repository 'team'. Run prsm:repo list to see the repositories.",
            "No repository is added, so plugin 'shouter' cannot be found. Add one with prsm:repo add NAME "
                    + "URL_OR_FOLDER.",
            "shouter 1.0.0 is installed; prsm:update shouter installs a newer version.",
            "Cannot install plugin 'shouter' 1.0.0: what it needs is not in the repositories or not installed. x\n"
                    + "Nothing was installed; publish the missing library to a repository (prsm:publish) and try again.",
            "Nothing at file:/srv/index.xml, where the index should be. A repository folder holds index.xml: create "
                    + "one with prsm:publish JAR FOLDER.",
            "prsm:repo add needs a name and a location: prsm:repo add [--signed-by SUBJECT] NAME URL_OR_FOLDER.",
            "Plugin 'shouter' has no recorded repository (it was installed from a file or URL, or by id before the "
                    + "marketplace recorded where plugins came from), so an update could come from any repository. "
                    + "Name the one to take it from: prsm:update --repo NAME shouter (prsm:repo list shows them); it "
                    + "is then recorded for later updates.");

    @Test
    public void everyAdviceNamesARouteOrAFieldOrTheRuntimesShell() {
        for (String message : MESSAGES) {
            String http = HttpAdvice.of(message);
            String rest = http.replaceAll("\\S+ \\S+ \\S+ \\(in the runtime's own shell\\)", "")
                    .replaceAll("\\S+ \\S+ \\(in the runtime's own shell\\)", "")
                    .replaceAll("\\S+ \\(in the runtime's own shell\\)", "");
            assertFalse(http, rest.contains("prsm:") || rest.contains("scr:"));
            assertFalse(http, rest.matches("(?s).*(^|\\s)--[a-z].*"));
        }
    }

    @Test
    public void adviceBecomesTheRouteThatDoesIt() {
        assertEquals("No plugin 'gretter'. Request GET /api/v1/plugins to see installed plugins (did you mean "
                + "greeter?).", HttpAdvice.of(MESSAGES.get(0)));
        assertTrue(HttpAdvice.of(MESSAGES.get(3)), HttpAdvice.of(MESSAGES.get(3)).endsWith(
                "run prsm:policy reload (in the runtime's own shell), then POST /api/v1/plugins/greeter/start."));
        assertTrue(HttpAdvice.of(MESSAGES.get(4)).endsWith("DELETE /api/v1/plugins/greeter?purge=true."));
        assertTrue(HttpAdvice.of(MESSAGES.get(9)).contains("as given in sha256."));
        assertTrue(HttpAdvice.of(MESSAGES.get(12)).contains("PUT /api/v1/plugins/greeter/config/size {\"value\": ...}"));
        assertEquals("No repository offers plugin 'shouter' in versions [2.0.0,3.0.0). Request GET "
                + "/api/v1/runtime/marketplace/plugins/shouter to see the versions offered, or GET "
                + "/api/v1/runtime/marketplace/plugins to see the plugins.", HttpAdvice.of(MESSAGES.get(15)));
        assertTrue(HttpAdvice.of(MESSAGES.get(16)).endsWith("Remove it first with DELETE "
                + "/api/v1/runtime/marketplace/repositories/team, or choose another name."));
        assertTrue(HttpAdvice.of(MESSAGES.get(18)).endsWith("Add one with POST /api/v1/runtime/marketplace/repositories "
                + "{\"name\": ..., \"location\": \"https://...\"}."));
        assertEquals("shouter 1.0.0 is installed; POST /api/v1/plugins/shouter/update installs a newer version.",
                HttpAdvice.of(MESSAGES.get(19)));
        assertTrue(HttpAdvice.of(MESSAGES.get(23)), HttpAdvice.of(MESSAGES.get(23)).contains("Name the one to take "
                + "it from: POST /api/v1/plugins/shouter/update with {\"repository\": NAME} (GET "
                + "/api/v1/runtime/marketplace/repositories shows them)"));
    }

    /** A new kind of advice in the manager's messages must be taught to {@link HttpAdvice} (and this test). */
    @Test
    public void everyShellCommandTheManagerAdvisesIsTranslated() throws IOException {
        Set<String> advised = new TreeSet<>();
        Pattern literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        // a command, not a bundle location such as prsm:library/NAME
        Pattern command = Pattern.compile("\\b(prsm|scr):[a-z]++(?!/)");
        // the manager's and the marketplace's, whose messages its routes pass on
        try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")),
                Files.walk(Path.of("../marketplace/src/main/java")))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(source)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("/") || code.contains("osgi.command")) {
                        continue;
                    }
                    Matcher literals = literal.matcher(code);
                    while (literals.find()) {
                        Matcher named = command.matcher(literals.group(1));
                        while (named.find()) {
                            advised.add(named.group());
                        }
                    }
                }
            }
        }
        assertTrue("the scan reads the manager's messages: " + advised, advised.contains("prsm:list"));
        assertTrue("the scan reads the marketplace's messages: " + advised, advised.contains("prsm:search"));
        advised.removeAll(TRANSLATED);
        assertTrue("advice HttpAdvice does not translate: " + advised, advised.isEmpty());
    }
}
