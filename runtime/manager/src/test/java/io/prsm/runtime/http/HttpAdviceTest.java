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
            "prsm:install", "prsm:config", "prsm:audit", "prsm:policy", "prsm:data", "prsm:repo", "scr:list", "scr:info");

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
                    + "its component's id and state, then scr:info with that id.");

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
    }

    /** A new kind of advice in the manager's messages must be taught to {@link HttpAdvice} (and this test). */
    @Test
    public void everyShellCommandTheManagerAdvisesIsTranslated() throws IOException {
        Set<String> advised = new TreeSet<>();
        Pattern literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
        Pattern command = Pattern.compile("\\b(prsm|scr):[a-z]+");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
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
        advised.removeAll(TRANSLATED);
        assertTrue("advice HttpAdvice does not translate: " + advised, advised.isEmpty());
    }
}
