package io.prsm.runtime.launcher;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prsm.limits.Quote;

/**
 * What the marketplace's prsm commands become over the admin API ({@code prsm:repo},
 * {@code prsm:search}, {@code prsm:show}, {@code prsm:install ID}, {@code prsm:update}): the same
 * words as in the shell, one request each; {@code --dry-run} has no route and is refused. {@code prsm:publish} writes a folder of the machine it
 * runs on, so it is not offered remotely: {@code java -jar prsm.jar publish} does it where the
 * folder is.
 *
 * <p>Concurrent semantics: stateless.
 */
final class RemoteMarketCommands {

    private static final String PLUGINS = "/api/v1/plugins";
    private static final String MARKET = "/api/v1/runtime/marketplace";
    /** {@code ID} or {@code ID@RANGE}, as prsm:install reads a plugin id. */
    private static final Pattern PLUGIN_ID = Pattern.compile("([a-z][a-z0-9-]*)(?:@(.+))?");
    /** How install takes a plugin from the repositories, for install's usage. */
    static final String INSTALL_BY_ID = "install [--repo NAME] PLUGIN_ID[@RANGE]";
    private static final String UPDATE = "update [PLUGIN] (every plugin without one), or update --repo NAME PLUGIN";

    private RemoteMarketCommands() {
    }

    /** The request for a marketplace command, or null if {@code command} is none. */
    static RemoteClient.Call call(String command, List<String> args) {
        return switch (command) {
            case "repo" -> repo(args);
            case "search" -> search(args);
            case "show" -> {
                RemoteCommands.expect(args, 1, "show", "show PLUGIN_ID");
                yield get(MARKET + "/plugins/" + RemoteCommands.segment(args, 0));
            }
            default -> null;
        };
    }

    /**
     * The shell's {@code --dry-run} of install and update has no route in the admin API yet: say so
     * rather than let it pass for a plugin id or answer with a usage that does not mention it.
     */
    static void refuseDryRun(String command, List<String> args) {
        if ((command.equals("install") || command.equals("update")) && args.contains("--dry-run")) {
            throw new IllegalArgumentException(command + " --dry-run is only in the runtime's own shell (prsm:"
                    + command + " --dry-run there); the admin API has no dry run yet, so --connect cannot offer it.");
        }
    }

    /** {@code update [PLUGIN]}, or {@code update --repo NAME PLUGIN} for one repository. */
    static RemoteClient.Call update(List<String> args, String repo) {
        if (args.size() > 1 || repo != null && args.isEmpty()) {
            throw RemoteCommands.wrongArguments("update", UPDATE);
        }
        if (args.isEmpty()) {
            return new RemoteClient.Call("POST", MARKET + "/update", null, null, false);
        }
        return new RemoteClient.Call("POST", PLUGINS + "/" + RemoteCommands.segment(args, 0) + "/update",
                repo == null ? null : "{\"repository\":" + RemoteCommands.json(repo) + "}", null, false);
    }

    /**
     * Whether {@code prsm:install} is asked to install by id (as the shell decides): with
     * {@code --repo}, or with a plugin id where no file is and no {@code --sha256} is given.
     */
    static boolean installsById(List<String> args, String repo, String sha256) {
        if (repo != null) {
            return true;
        }
        if (args.size() != 1 || sha256 != null || !PLUGIN_ID.matcher(args.get(0)).matches()) {
            return false;
        }
        try {
            return !Files.exists(Path.of(args.get(0)));
        } catch (InvalidPathException notAPath) {
            return true;
        }
    }

    /** {@code install [--repo NAME] ID[@RANGE]}. */
    static RemoteClient.Call install(List<String> args, String repo) {
        RemoteCommands.expect(args, 1, "install", INSTALL_BY_ID);
        Matcher id = PLUGIN_ID.matcher(args.get(0));
        if (!id.matches()) {
            throw new IllegalArgumentException("--repo takes a plugin id, not '" + Quote.prefix(args.get(0))
                    + "'; give install --repo NAME PLUGIN_ID, or a jar path without --repo.");
        }
        StringBuilder body = new StringBuilder("{\"id\":").append(RemoteCommands.json(id.group(1)));
        if (id.group(2) != null) {
            body.append(",\"range\":").append(RemoteCommands.json(id.group(2)));
        }
        if (repo != null) {
            body.append(",\"repository\":").append(RemoteCommands.json(repo));
        }
        return new RemoteClient.Call("POST", PLUGINS, body.append('}').toString(), null, false);
    }

    private static RemoteClient.Call repo(List<String> args) {
        String signedBy = RemoteCommands.option(args, "--signed-by");
        String action = args.isEmpty() ? "" : args.get(0);
        switch (action) {
            case "list" -> {
                RemoteCommands.expect(args, 1, "repo", "repo list");
                return get(MARKET + "/repositories");
            }
            case "add" -> {
                RemoteCommands.expect(args, 3, "repo", "repo add [--signed-by SUBJECT] NAME URL");
                return new RemoteClient.Call("POST", MARKET + "/repositories", "{\"name\":"
                        + RemoteCommands.json(args.get(1)) + ",\"location\":" + RemoteCommands.json(args.get(2))
                        + (signedBy == null ? "" : ",\"signers\":[" + RemoteCommands.json(signedBy) + "]") + "}",
                        null, false);
            }
            case "remove" -> {
                RemoteCommands.expect(args, 2, "repo", "repo remove NAME");
                return new RemoteClient.Call("DELETE", MARKET + "/repositories/" + RemoteCommands.segment(args, 1),
                        null, null, false);
            }
            default -> throw new IllegalArgumentException("repo takes list, add [--signed-by SUBJECT] NAME URL or "
                    + "remove NAME" + (action.isEmpty() ? "" : ", not '" + Quote.prefix(action) + "'") + ".");
        }
    }

    /** {@code search [--type T] [--capability C] [--level L] [TEXT]}, the filters as query parameters. */
    private static RemoteClient.Call search(List<String> args) {
        List<String> query = new ArrayList<>();
        for (String filter : List.of("type", "capability", "level")) {
            String value = RemoteCommands.option(args, "--" + filter);
            if (value != null) {
                query.add(filter + "=" + RemoteCommands.encode(value));
            }
        }
        if (args.size() > 1) {
            RemoteCommands.expect(args, 1, "search", "search [--type TYPE] [--capability CAPABILITY] [--level LEVEL] [TEXT]");
        }
        if (!args.isEmpty()) {
            query.add(0, "text=" + RemoteCommands.encode(args.get(0)));
        }
        return get(MARKET + "/plugins" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    private static RemoteClient.Call get(String path) {
        return new RemoteClient.Call("GET", path, null, null, false);
    }
}
