package io.prsm.runtime.http;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prsm.api.runtime.HttpApi;

/**
 * Rewrites the advice in the plugin manager's messages, written for the shell ("Run prsm:list",
 * "--sha256", "prsm:start P"), into what an HTTP caller can do: the route to call or the field to
 * send. Advice that has no route (reloading the policy, purging a departed plugin's data, SCR's
 * commands) is named as a command of the runtime's own shell, so no one takes it for a route.
 *
 * <p>The manager keeps one message per failure for every front end; this is the HTTP front end's
 * reading of it, as the shell prints it unchanged. A test runs every shell command named in the
 * manager's messages through it.
 *
 * <p>Concurrent semantics: stateless.
 */
final class HttpAdvice {

    private record Rule(Pattern shell, String http) {
    }

    private static final String PLUGINS = HttpApi.PLUGINS_PATH;
    private static final String REPOSITORIES = MarketRoutes.ROOT + "/repositories";

    /** In order: longer forms before the shorter ones they contain. */
    private static final List<Rule> RULES = List.of(
            rule("([Rr])un prsm:list to see (installed plugins|them)", "$1equest GET " + PLUGINS + " to see $2"),
            rule("prsm:uninstall ([a-z0-9][a-z0-9-]*) --purge", "DELETE " + PLUGINS + "/$1?purge=true"),
            rule("prsm:uninstall ([a-z0-9][a-z0-9-]*)", "DELETE " + PLUGINS + "/$1"),
            rule("prsm:start ([a-z0-9][a-z0-9-]*)", "POST " + PLUGINS + "/$1/start"),
            rule("prsm:install '[^']*'", "POST " + PLUGINS),
            rule("prsm:config ([a-z0-9][a-z0-9-]*) ([^ ]+) VALUE", "PUT " + PLUGINS + "/$1/config/$2 {\"value\": ...}"),
            rule("prsm:audit", "GET " + HttpApi.RUNTIME_PATH + "/audit"),
            rule("as given with --sha256", "as given in sha256"),
            rule("--sha256 takes", "sha256 takes"),
            rule("prsm:install --repo NAME ID", "POST " + PLUGINS + " {\"id\": ..., \"repository\": ...}"),
            rule("([Rr])un prsm:show ([a-z][a-z0-9-]*)", "$1equest GET " + MarketRoutes.ROOT + "/plugins/$2"),
            rule("([Rr])un prsm:search", "$1equest GET " + MarketRoutes.ROOT + "/plugins"),
            rule("([Rr])un prsm:repo list", "$1equest GET " + REPOSITORIES),
            rule("prsm:update --repo NAME ([a-z][a-z0-9-]*|ID)", "POST " + PLUGINS
                    + "/$1/update with {\"repository\": NAME}"),
            rule("prsm:update ([a-z][a-z0-9-]*)", "POST " + PLUGINS + "/$1/update"),
            rule("prsm:show ([a-z][a-z0-9-]*)", "GET " + MarketRoutes.ROOT + "/plugins/$1"),
            rule("prsm:search", "GET " + MarketRoutes.ROOT + "/plugins"),
            rule("prsm:repo add (\\[--signed-by SUBJECT\\] )?NAME URL_OR_FOLDER", "POST " + REPOSITORIES
                    + " {\"name\": ..., \"location\": \"https://...\"}"),
            rule("prsm:repo remove ([a-z][a-z0-9-]*|NAME)", "DELETE " + REPOSITORIES + "/$1"),
            rule("prsm:repo( list)?", "GET " + REPOSITORIES),
            rule("(prsm:publish JAR FOLDER|prsm:publish)", "$1 (in the runtime's own shell)"),
            rule("(prsm:policy reload|prsm:data purge [a-z0-9-]+|scr:list [0-9]+|scr:info)",
                    "$1 (in the runtime's own shell)"));

    private HttpAdvice() {
    }

    private static Rule rule(String shell, String http) {
        return new Rule(Pattern.compile(shell), http);
    }

    /** {@code message} with its shell advice replaced by the HTTP caller's. */
    static String of(String message) {
        String advice = message;
        for (Rule rule : RULES) {
            Matcher matcher = rule.shell().matcher(advice);
            advice = matcher.replaceAll(rule.http());
        }
        return advice;
    }
}
