package io.prsm.runtime.launcher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.prsm.limits.Quote;

/**
 * What each prsm command becomes over the admin API (see {@code openapi.json}): the same words as
 * in the shell, one HTTP request each.
 *
 * <p>Concurrent semantics: stateless.
 */
final class RemoteCommands {

    private static final String PLUGINS = "/api/v1/plugins";
    private static final String RUNTIME = "/api/v1/runtime";
    /** The commands whose shell versions take {@code --json}. */
    private static final java.util.Set<String> JSON_FLAG = java.util.Set.of("list", "info", "metrics", "audit");

    private RemoteCommands() {
    }

    /**
     * The request for {@code words} (the command first, without {@code prsm:}).
     *
     * @throws IllegalArgumentException saying what the command takes, or that it is not offered remotely
     */
    static RemoteClient.Call call(List<String> words) {
        List<String> args = new ArrayList<>(words.subList(1, words.size()));
        String command = words.get(0);
        String sha256 = option(args, "--sha256");
        String repo = command.equals("install") || command.equals("update") ? option(args, "--repo") : null;
        RemoteMarketCommands.refuseDryRun(command, args);
        if (JSON_FLAG.contains(command)) {
            // the shell's --json: every answer over --connect is JSON already
            args.remove("--json");
        }
        return switch (command) {
            case "list" -> get(args, 0, command, PLUGINS);
            case "info" -> get(args, 1, command, PLUGINS + "/" + segment(args, 0));
            // one plugin's metrics are part of what the runtime answers about it
            case "metrics" -> args.size() == 1 ? get(args, 1, command, PLUGINS + "/" + segment(args, 0))
                    : get(args, 0, command, RUNTIME + "/metrics");
            case "audit" -> audit(args);
            case "health" -> get(args, 0, command, RUNTIME + "/health/ready");
            case "start", "stop" -> post(args, 1, command, PLUGINS + "/" + segment(args, 0) + "/" + command, null);
            case "uninstall" -> new RemoteClient.Call("DELETE", plugin(args, 1, command), null, null, false);
            case "exec" -> exec(args);
            case "install" -> RemoteMarketCommands.installsById(args, repo, sha256)
                    ? RemoteMarketCommands.install(args, repo)
                    : jar(args, 1, command, PLUGINS, args.isEmpty() ? null : args.get(0), sha256);
            case "update" -> RemoteMarketCommands.update(args, repo);
            case "swap" -> jar(args, 2, command, PLUGINS + "/" + segment(args, 0) + "/swap",
                    args.size() < 2 ? null : args.get(1), sha256);
            case "config" -> config(args);
            default -> {
                RemoteClient.Call market = RemoteMarketCommands.call(command, args);
                if (market == null) {
                    throw new IllegalArgumentException("prsm:" + Quote.prefix(command) + " is not offered over "
                            + "--connect; the commands are " + RemoteClient.commands() + ".");
                }
                yield market;
            }
        };
    }

    /** {@code audit [--json] [N]}, as in the shell: the last N entries, or the API's default number. */
    private static RemoteClient.Call audit(List<String> args) {
        if (args.isEmpty()) {
            return new RemoteClient.Call("GET", RUNTIME + "/audit", null, null, false);
        }
        expect(args, 1, "audit", "audit [--json] [ENTRIES]");
        if (!args.get(0).matches("[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("audit takes a number of entries of at least 1, not '"
                    + Quote.prefix(args.get(0)) + "'.");
        }
        return new RemoteClient.Call("GET", RUNTIME + "/audit?entries=" + args.get(0), null, null, false);
    }

    private static RemoteClient.Call exec(List<String> args) {
        expect(args, 2, "exec", "exec PLUGIN TASK_JSON");
        return new RemoteClient.Call("POST", PLUGINS + "/" + segment(args, 0) + "/tasks", args.get(1), null, true);
    }

    private static RemoteClient.Call config(List<String> args) {
        if (args.size() == 1) {
            return new RemoteClient.Call("GET", PLUGINS + "/" + segment(args, 0) + "/config", null, null, false);
        }
        expect(args, 3, "config", "config PLUGIN [KEY VALUE|-]");
        String path = PLUGINS + "/" + segment(args, 0) + "/config/" + segment(args, 1);
        return args.get(2).equals("-") ? new RemoteClient.Call("DELETE", path, null, null, false)
                : new RemoteClient.Call("PUT", path, "{\"value\":" + json(args.get(2)) + "}", null, false);
    }

    /** A jar by URL is named to the runtime; a jar by path is uploaded. */
    private static RemoteClient.Call jar(List<String> args, int count, String command, String path, String location,
            String sha256) {
        // install also takes a plugin id from the repositories: name both forms, as the shell takes both
        expect(args, count, command, command + " [--sha256 DIGEST] " + (count == 2 ? "PLUGIN " : "") + "JAR_OR_URL"
                + (command.equals("install") ? ", or " + RemoteMarketCommands.INSTALL_BY_ID : ""));
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return new RemoteClient.Call("POST", path, "{\"url\":" + json(location)
                    + (sha256 == null ? "" : ",\"sha256\":" + json(sha256)) + "}", null, false);
        }
        Path file = Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No file at " + Quote.prefix(location, 300) + ". Give the path of a "
                    + "plugin jar (it is uploaded) or an http: or https: URL.");
        }
        // the runtime names a refused upload by the file name given here, not by its own copy
        return new RemoteClient.Call("POST", path + "?file_name=" + encode(String.valueOf(file.getFileName()))
                + (sha256 == null ? "" : "&sha256=" + encode(sha256)), null, file, false);
    }

    private static RemoteClient.Call get(List<String> args, int count, String command, String path) {
        expect(args, count, command, command + (JSON_FLAG.contains(command) ? " [--json]" : "")
                + (command.equals("metrics") ? " [PLUGIN]" : count == 1 ? " PLUGIN" : ""));
        return new RemoteClient.Call("GET", path, null, null, false);
    }

    private static RemoteClient.Call post(List<String> args, int count, String command, String path, String json) {
        expect(args, count, command, command + " PLUGIN");
        return new RemoteClient.Call("POST", path, json, null, false);
    }

    private static String plugin(List<String> args, int count, String command) {
        expect(args, count, command, command + " PLUGIN");
        return PLUGINS + "/" + segment(args, 0);
    }

    static void expect(List<String> args, int count, String command, String usage) {
        if (args.size() != count) {
            throw wrongArguments(command, usage);
        }
    }

    static IllegalArgumentException wrongArguments(String command, String usage) {
        return new IllegalArgumentException("Wrong arguments for " + command + "; it takes: " + usage + ".");
    }

    /** Removes {@code --name VALUE} from {@code args}; returns VALUE or null. */
    static String option(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0) {
            return null;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value.");
        }
        args.remove(at);
        return args.remove(at);
    }

    static String segment(List<String> args, int index) {
        return args.size() <= index ? "" : encode(args.get(index));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
