package io.prsm.runtime.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.SecurityLevel;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.marketplace.PublishReport;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.ValidationReport;
import io.prsm.limits.Quote;
import io.prsm.platform.PluginVerifier;
import io.prsm.runtime.embed.LogSettings;
import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.embed.StorageFolders;

/**
 * {@code java -jar prsm.jar validate JAR [--json]}, {@code scan JAR [--level L] [--json]} and
 * {@code publish JAR FOLDER}: the install-time checks for a plugin's own build, and publishing it to
 * a repository folder after them, outside any running runtime. They boot the
 * distribution's bundles in a throw-away storage folder (no HTTP, no plugins), ask the plugin
 * manager (validate: manifest, identity and code) or the gatekeeper (scan: the code against a
 * level's allow-list; publish: the marketplace, which validates and scans first) and exit 0 when
 * the jar passes, 1 when it is refused, 2 when the command line or the jar is unusable, so a CI step
 * fails before publishing.
 *
 * <p>Concurrent semantics: runs on the caller's thread.
 */
final class JarCheck {

    static final String VALIDATE = "validate";
    static final String SCAN = "scan";
    static final String PUBLISH = "publish";
    static final String USAGE = "Usage: java -jar prsm.jar validate JAR [--json]"
            + " | java -jar prsm.jar scan JAR [--level trusted|sandbox|isolated] [--json]"
            + " | java -jar prsm.jar publish JAR REPOSITORY_FOLDER [--policy POLICY_JSON]";
    /** The runtime is ready before this runs; its services are up well within this. */
    private static final long MARKETPLACE_WAIT_MILLIS = 30_000;
    private static final Pattern DECLARED_LEVEL = Pattern.compile("prsm\\.plugin=[^,]*?security\\.level=\"?([a-z]+)");

    private final String command;
    /** The jar as the caller named it: reports show it so, whatever the working folder. */
    private final String named;
    private final Path jar;
    private final boolean json;
    private final SecurityLevel level;
    /** publish: the repository folder, as the caller named it. */
    private final String folder;
    /** publish: the operator's policy the plugin is checked against; null for the defaults. */
    private final Path policy;

    private JarCheck(String command, String named, Path jar, boolean json, SecurityLevel level, String folder,
            Path policy) {
        this.command = command;
        this.named = named;
        this.jar = jar;
        this.json = json;
        this.level = level;
        this.folder = folder;
        this.policy = policy;
    }

    /** Whether {@code args} ask for a jar check rather than a runtime. */
    static boolean asked(String[] args) {
        return args.length > 0 && (args[0].equals(VALIDATE) || args[0].equals(SCAN) || args[0].equals(PUBLISH));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        JarCheck check;
        try {
            check = parse(args);
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage());
            return 2;
        }
        return check.run(out, err);
    }

    private static JarCheck parse(String[] args) {
        String command = args[0];
        String named = null;
        Path jar = null;
        boolean json = false;
        SecurityLevel level = null;
        String folder = null;
        Path policy = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--level") && command.equals(SCAN) && i + 1 < args.length) {
                String id = args[++i];
                level = SecurityLevel.fromId(id).orElseThrow(() -> new IllegalArgumentException("Unknown level '"
                        + Quote.prefix(id) + "'; give trusted, sandbox or isolated. " + USAGE));
            } else if (arg.equals("--policy") && command.equals(PUBLISH) && i + 1 < args.length) {
                policy = policyFile(args[++i]);
            } else if (!arg.startsWith("--") && jar == null) {
                named = arg;
                try {
                    jar = Path.of(arg).toAbsolutePath().normalize();
                } catch (java.nio.file.InvalidPathException malformed) {
                    throw new IllegalArgumentException("'" + Quote.prefix(arg) + "' is not a path (" + malformed.getReason()
                            + "). " + USAGE);
                }
            } else if (!arg.startsWith("--") && command.equals(PUBLISH) && folder == null) {
                folder = arg;
            } else {
                throw new IllegalArgumentException("Unexpected argument '" + Quote.prefix(arg) + "'. " + USAGE);
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("Name the plugin jar to " + command + ". " + USAGE);
        }
        if (command.equals(PUBLISH) && folder == null) {
            throw new IllegalArgumentException("Name the repository folder to publish " + named + " to. " + USAGE);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No file at " + Quote.prefix(named, 300)
                    + "; give the path of a plugin jar (mvn package makes it under target/).");
        }
        return new JarCheck(command, named, jar, json, level, folder, policy);
    }

    private static Path policyFile(String named) {
        try {
            Path file = Path.of(named).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                return file;
            }
        } catch (java.nio.file.InvalidPathException malformed) {
            // said below, as for a missing file
        }
        throw new IllegalArgumentException("No policy file at " + Quote.prefix(named, 300) + "; give --policy the "
                + "operator's policy.json (the one in the runtime's storage folder, or the file prsm.policy names).");
    }

    private int run(PrintStream out, PrintStream err) {
        // only the report goes out: the runtime's own start-up lines are not what a CI log needs
        Logger spiFly = Logger.getLogger("org.apache.aries.spifly");
        spiFly.setLevel(Level.WARNING);
        Path storage = null;
        try {
            if (trustedWithoutPolicy(err)) {
                return 2;
            }
            storage = Files.createTempDirectory("prsm-" + command + "-");
            PrsmRuntime.Builder builder = PrsmRuntime.builder(storage).httpPort(-1)
                    .logging(new LogSettings("error", false));
            try (PrsmRuntime runtime = (policy == null ? builder : builder.policy(policy)).start()) {
                if (command.equals(PUBLISH)) {
                    return publish(runtime, out, err);
                }
                return command.equals(VALIDATE) ? validate(runtime, out) : scan(runtime, out, err);
            }
        } catch (Exception failed) {
            err.println("Could not " + command + " " + named + ": " + RuntimeShell.describe(failed));
            return 2;
        } finally {
            try {
                StorageFolders.delete(storage);
            } catch (IOException leftOver) {
                err.println("Could not delete the check's temporary folder " + storage + ": " + leftOver.getMessage());
            }
        }
    }

    private int validate(PrsmRuntime runtime, PrintStream out) throws Exception {
        ValidationReport report = runtime.plugins().validate(jar.toString());
        if (json) {
            out.println("{\"command\":\"validate\",\"location\":" + Json.string(named) + ",\"plugin_id\":"
                    + Json.string(report.pluginId()) + ",\"version\":" + Json.string(report.version()) + ",\"valid\":"
                    + report.valid() + ",\"problems\":" + Json.strings(report.problems()) + "}");
        } else {
            out.println((report.valid() ? "VALID " : "INVALID ") + describe(report.pluginId(), report.version()));
            report.problems().forEach(problem -> out.println("  - " + problem));
        }
        return report.valid() ? 0 : 1;
    }

    private int scan(PrsmRuntime runtime, PrintStream out, PrintStream err) throws Exception {
        ValidationReport report = runtime.plugins().validate(jar.toString());
        Optional<SecurityLevel> at = level != null ? Optional.of(level) : declaredLevel();
        if (at.isEmpty()) {
            err.println(named + " declares no security level (its @PrsmPlugin is missing or unreadable); give one with "
                    + "--level trusted|sandbox|isolated.");
            return 2;
        }
        BundleContext context = runtime.bundleContext();
        ServiceReference<PluginVerifier> reference = context.getServiceReference(PluginVerifier.class);
        PluginVerifier verifier = reference == null ? null : context.getService(reference);
        if (verifier == null) {
            err.println("The gatekeeper (bundle io.prsm.sandbox) did not start, so nothing can be scanned.");
            return 2;
        }
        List<String> problems;
        try {
            problems = verifier.verify(report.pluginId().isEmpty() ? jar.getFileName().toString() : report.pluginId(),
                    Files.readAllBytes(jar), at.get());
        } finally {
            context.ungetService(reference);
        }
        String levelId = at.get().name().toLowerCase(Locale.ROOT);
        if (json) {
            out.println("{\"command\":\"scan\",\"location\":" + Json.string(named) + ",\"plugin_id\":"
                    + Json.string(report.pluginId()) + ",\"level\":" + Json.string(levelId) + ",\"allowed\":"
                    + problems.isEmpty() + ",\"problems\":" + Json.strings(problems) + "}");
        } else {
            out.println((problems.isEmpty() ? "ALLOWED " : "REFUSED ") + describe(report.pluginId(), report.version())
                    + " at level " + levelId);
            problems.forEach(problem -> out.println("  - " + problem));
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** Whether this publishes a trusted plugin with no policy: the defaults trust nobody, so it cannot pass. */
    private boolean trustedWithoutPolicy(PrintStream err) throws IOException {
        if (!command.equals(PUBLISH) || policy != null || declaredLevel().filter(SecurityLevel.TRUSTED::equals).isEmpty()) {
            return false;
        }
        err.println(named + " declares level trusted, and whether a trusted plugin may be published depends on the "
                + "policy that trusts it (\"trusted\" in policy.json, with the signer it requires). Give the "
                + "operator's policy: java -jar prsm.jar publish " + named + " " + folder + " --policy POLICY_JSON");
        return true;
    }

    private int publish(PrsmRuntime runtime, PrintStream out, PrintStream err) throws InterruptedException {
        BundleContext context = runtime.bundleContext();
        ServiceTracker<Marketplace, Marketplace> markets = new ServiceTracker<>(context, Marketplace.class, null);
        markets.open();
        try {
            Marketplace market = markets.waitForService(MARKETPLACE_WAIT_MILLIS);
            if (market == null) {
                err.println("The marketplace (bundle io.prsm.marketplace) did not start, so nothing can be published.");
                return 2;
            }
            PublishReport report = market.publish(jar.toString(), folder);
            out.println("PUBLISHED " + (report.library() ? "library " : "plugin ") + report.pluginId() + " "
                    + report.version() + " to " + report.jar() + " (sha256 " + report.sha256() + ")");
            return 0;
        } catch (PluginOperationException refused) {
            // the marketplace's refusal names the jar and every reason already
            out.println(refused.getMessage());
            return 1;
        } finally {
            markets.close();
        }
    }

    /** The level the jar's {@code prsm.plugin} capability declares. */
    private Optional<SecurityLevel> declaredLevel() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                return Optional.empty();
            }
            String capabilities = file.getManifest().getMainAttributes().getValue("Provide-Capability");
            Matcher declared = DECLARED_LEVEL.matcher(capabilities == null ? "" : capabilities);
            return declared.find() ? SecurityLevel.fromId(declared.group(1)) : Optional.empty();
        }
    }

    private String describe(String pluginId, String version) {
        List<String> parts = new ArrayList<>();
        if (!pluginId.isEmpty()) {
            parts.add("plugin '" + pluginId + "'" + (version.isEmpty() ? "" : " " + version));
        }
        parts.add(named);
        return String.join(" ", parts);
    }
}
