package io.prsm.runtime.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line of {@code java -jar prsm.jar}.
 *
 * @param storage bundle cache, plugin data and logs; kept across runs
 * @param plugins the hot-deploy folder
 * @param batch the file of commands to run, {@code -} for standard input, or null for the shell
 * @param help whether only the usage was asked for
 */
public record LaunchOptions(Path storage, Path plugins, String batch, boolean help) {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar prsm.jar [--storage DIR] [--plugins DIR] [--batch FILE|-]",
            "  --storage DIR   bundle cache, plugin data and logs, kept across runs (default ./prsm-data)",
            "  --plugins DIR   hot-deploy folder: jars dropped there are installed, removed ones uninstalled",
            "                  (default ./plugins)",
            "  --batch FILE    run each line of FILE (- for standard input) as a Gogo command, then stop;",
            "                  exit 0 only if every command succeeded",
            "  --help          print this help",
            "Without --batch an interactive Gogo shell starts; try 'help prsm:install' or 'prsm:list'.");

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException saying which argument is wrong
     */
    public static LaunchOptions parse(List<String> args) {
        Path storage = Path.of("prsm-data");
        Path plugins = Path.of("plugins");
        String batch = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--help", "-h" -> {
                    return new LaunchOptions(storage, plugins, null, true);
                }
                case "--storage" -> storage = Path.of(value(args, ++i, arg));
                case "--plugins" -> plugins = Path.of(value(args, ++i, arg));
                case "--batch" -> batch = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'.");
            }
        }
        return new LaunchOptions(storage.toAbsolutePath().normalize(), plugins.toAbsolutePath().normalize(), batch,
                false);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value.");
        }
        return args.get(index);
    }
}
