package io.prsm.runtime.launcher;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.prsm.limits.Quote;
import io.prsm.runtime.embed.LogSettings;

/**
 * The command line of {@code java -jar prsm.jar}.
 *
 * @param storage bundle cache, plugin data and logs; kept across runs
 * @param plugins the hot-deploy folder
 * @param batch the file of commands to run, {@code -} for standard input, or null for the shell
 * @param httpPort the loopback port of the HTTP API, 0 for any free one, -1 for none
 * @param encryptStorage whether plugin data is encrypted at rest
 * @param help whether only the usage was asked for
 * @param version whether only the version was asked for
 * @param remote the live runtime to drive, or null to start one
 * @param logging how much goes to standard error (the log file in the storage folder has INFO and up)
 */
public record LaunchOptions(Path storage, Path plugins, String batch, int httpPort, boolean encryptStorage,
        boolean help, boolean version, Remote remote, LogSettings logging) {

    /**
     * {@code --connect URL --token-file F}: drive a live runtime over its admin API instead of
     * starting one.
     */
    public record Remote(java.net.URI url, Path tokenFile) {
    }

    /** The HTTP API's port when none is given. */
    public static final int DEFAULT_HTTP_PORT = 8080;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar prsm.jar [--storage DIR] [--plugins DIR] [--batch FILE|-] [--http-port N]",
            "                         [--encrypt-storage]",
            "  --storage DIR   bundle cache, plugin data, history and logs (DIR/logs), kept across runs",
            "                  (default ./prsm-data)",
            "  --plugins DIR   hot-deploy folder: jars dropped there are installed, removed ones uninstalled",
            "                  (default ./plugins)",
            "  --batch FILE    run each line of FILE (- for standard input) as a Gogo command, then stop;",
            "                  exit 0 only if every command succeeded",
            "  --http-port N   port of the HTTP API on 127.0.0.1 (default " + DEFAULT_HTTP_PORT + "; 0 any free port,",
            "                  -1 no HTTP); the web console is at http://127.0.0.1:PORT/console",
            "  --encrypt-storage  encrypt plugin data at rest (AES-GCM; the key is kept in DIR/keys)",
            "  --connect URL   run the prsm commands (from --batch, or standard input) against the live runtime",
            "                  whose HTTP API is at URL, instead of starting one; needs --token-file",
            "  --token-file F  the file holding a token with permission prsm_admin, for --connect",
            "  --log-level L   what reaches standard error: error, warn (default), info, debug or trace;",
            "                  DIR/logs/prsm.log always has INFO and up, with stack traces, rotated daily",
            "  --debug         everything down to DEBUG on standard error and in the log, with stack traces",
            "  --version       print PRSM's version",
            "  --help          print this help",
            "Without --batch an interactive shell starts (history in DIR/history); try 'help prsm:install' or",
            "'prsm:list', TAB to complete; stop or Ctrl-D stops the runtime, Ctrl-C cancels a command.",
            "Task limits are JVM options before -jar, e.g. -Dprsm.task.timeout=30s (the default: longest wait",
            "for a task's answer or a plugin's start); docs/operations.md lists them all with their defaults.",
            "Without a runtime, for a plugin's own build:",
            "  java -jar prsm.jar validate JAR [--json]            check the manifest as install would",
            "  java -jar prsm.jar scan JAR [--level L] [--json]    check the code against the level's allow-list",
            "  java -jar prsm.jar publish JAR FOLDER               validate, scan, add to a repository folder's index",
            "      [--policy POLICY_JSON]                          against the operator's policy (a trusted plugin needs it)",
            "                  exit 0 passes, 1 refused, 2 the command or the jar cannot be used");

    /** What every refusal of the command line ends with. */
    static final String SEE_HELP = " Run java -jar prsm.jar --help to see the options.";

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException saying in one line which argument is wrong
     */
    public static LaunchOptions parse(List<String> args) {
        Path storage = Path.of("prsm-data");
        Path plugins = Path.of("plugins");
        String batch = null;
        int httpPort = DEFAULT_HTTP_PORT;
        boolean encrypt = false;
        java.net.URI connect = null;
        String logLevel = "warn";
        boolean debug = false;
        Path tokenFile = null;
        Set<String> given = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--") && !given.add(arg)) {
                throw new IllegalArgumentException(Quote.prefix(arg) + " is given twice; give it once." + SEE_HELP);
            }
            switch (arg) {
                case "--help", "-h" -> {
                    return new LaunchOptions(storage, plugins, null, httpPort, encrypt, true, false, null,
                            LogSettings.DEFAULT);
                }
                case "--version" -> {
                    return new LaunchOptions(storage, plugins, null, httpPort, encrypt, false, true, null,
                            LogSettings.DEFAULT);
                }
                case "--storage" -> storage = path(value(args, ++i, arg), arg);
                case "--plugins" -> plugins = path(value(args, ++i, arg), arg);
                case "--batch" -> batch = value(args, ++i, arg);
                case "--http-port" -> httpPort = port(value(args, ++i, arg));
                case "--encrypt-storage" -> encrypt = true;
                case "--connect" -> connect = url(value(args, ++i, arg));
                case "--token-file" -> tokenFile = path(value(args, ++i, arg), arg);
                case "--log-level" -> logLevel = value(args, ++i, arg);
                case "--debug" -> debug = true;
                default -> throw new IllegalArgumentException("Unknown argument '" + Quote.prefix(arg) + "'." + SEE_HELP);
            }
        }
        if ((connect == null) != (tokenFile == null)) {
            throw new IllegalArgumentException("--connect and --token-file go together: give the runtime's URL and "
                    + "the file holding its admin token." + SEE_HELP);
        }
        LogSettings logging;
        try {
            logging = new LogSettings(logLevel, debug);
        } catch (IllegalArgumentException wrong) {
            throw new IllegalArgumentException("--log-level takes error, warn, info, debug or trace, not '"
                    + Quote.prefix(logLevel) + "'.");
        }
        return new LaunchOptions(storage.toAbsolutePath().normalize(), plugins.toAbsolutePath().normalize(), batch,
                httpPort, encrypt, false, false, connect == null ? null : new Remote(connect, tokenFile), logging);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("--http-port takes a port from 1 to 65535, 0 for any free port or -1 for "
                + "no HTTP, not '" + Quote.prefix(value) + "'.");
    }

    private static java.net.URI url(String value) {
        try {
            java.net.URI url = new java.net.URI(value);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException malformed) {
            // reported below
        }
        throw new IllegalArgumentException("--connect takes the runtime's HTTP URL, such as http://127.0.0.1:8080, not '"
                + Quote.prefix(value) + "'.");
    }

    private static Path path(String value, String option) {
        try {
            return Path.of(value);
        } catch (InvalidPathException malformed) {
            throw new IllegalArgumentException(option + " '" + Quote.prefix(value) + "' is not a valid path ("
                    + Quote.prefix(malformed.getReason()) + ").");
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || (args.get(index).startsWith("--") && !args.get(index).equals("-1"))) {
            throw new IllegalArgumentException(option + " needs a value." + SEE_HELP);
        }
        return args.get(index);
    }
}
