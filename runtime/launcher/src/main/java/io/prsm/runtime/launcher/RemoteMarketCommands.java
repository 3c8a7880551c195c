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
 * words as in the shell, one request each. {@code prsm:publish} writes a folder of the machine it
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
            case "update" -> {
                if (args.size() > 1) {
                    RemoteCommands.expect(args, 1, "update", "update [PLUGIN]");
                }
                yield new RemoteClient.Call("POST", args.isEmpty() ? MARKET + "/update"
                        : PLUGINS + "/" + RemoteCommands.segment(args, 0) + "/update", null, null, false);
            }
            default -> null;
        };
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
        RemoteCommands.expect(args, 1, "install", "install [--repo NAME] PLUGIN_ID[@RANGE]");
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
