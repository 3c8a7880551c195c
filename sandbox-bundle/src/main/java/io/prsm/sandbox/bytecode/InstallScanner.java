package io.prsm.sandbox.bytecode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.JarBudget;
import io.prsm.limits.Quote;
import io.prsm.platform.PluginValidator;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.resolve.PluginIdentity;
import io.prsm.sandbox.resolve.Refusals;

/**
 * Checks every plugin when it is installed or updated, before anything can resolve it (bundle
 * events of these kinds are delivered synchronously): its manifest by the plugin manager's rules
 * and, below the trusted level, every class. It remembers the plugins it refuses for the
 * resolver hook. Entries are read without resolving the bundle, within the scanner's
 * {@link io.prsm.limits.JarLimits}: a bundle installed some other way than through the plugin
 * manager (which inspects every jar first) is refused if it goes over them.
 *
 * <p>Concurrent semantics: thread-safe; refusals live in a concurrent map.
 */
public final class InstallScanner implements SynchronousBundleListener, Refusals {

    /** How many violations a refusal message names; the rest are in the audit log. */
    private static final int NAMED = 3;

    private final BytecodeScanner scanner;
    private final Executor scanThreads;
    private final int parallelism;
    private final AuditSink audit;
    private final Supplier<PluginValidator> manifests;
    private final BundleClassifier classifier;
    private final Map<Long, String> refused = new ConcurrentHashMap<>();
    /** Bundles over a limit, refused until their uninstall is through; the other checks do not clear them. */
    private final Map<Long, String> overLimit = new ConcurrentHashMap<>();
    private final ScanMode mode;
    /** The packages the framework loads from elsewhere first: a class file of one in the jar is no class of its own. */
    private final java.util.function.Predicate<String> delegated;
    /** Part of a verdict's rules: one kept from before the named-classes rule, or under another boot delegation, is not reused. */
    private final String namedClassesRules;
    /** The bytecode verdict per bundle, valid while the bundle's revision and level stay; kept across restarts. */
    private final ScanVerdicts scanned;

    /**
     * @param scanThreads helps the installing thread scan a plugin's classes, {@code parallelism} at once
     * @param manifests the plugin manager's manifest rules, or null while it is not there
     */
    public InstallScanner(BytecodeScanner scanner, Executor scanThreads, int parallelism, ScanVerdicts verdicts,
            AuditSink audit, Supplier<PluginValidator> manifests, BundleClassifier classifier, ScanMode mode,
            String bootDelegation) {
        this.delegated = ClassesItNames.delegatedBy(bootDelegation);
        this.namedClassesRules = " named-classes/1 bootdelegation=" + bootDelegation;
        this.mode = mode;
        this.classifier = classifier;
        this.scanned = verdicts;
        this.scanner = scanner;
        this.scanThreads = scanThreads;
        this.parallelism = parallelism;
        this.audit = audit;
        this.manifests = manifests;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> {
                if (withinLimits(bundle)) {
                    check(bundle);
                }
            }
            case BundleEvent.UNINSTALLED -> {
                overLimit.remove(bundle.getBundleId());
                refused.remove(bundle.getBundleId());
                scanned.remove(bundle.getBundleId());
            }
            default -> {
                // nothing else changes a bundle's code
            }
        }
    }

    @Override
    public Optional<String> reasonFor(long bundleId) {
        String over = overLimit.get(bundleId);
        return Optional.ofNullable(over != null ? over : refused.get(bundleId));
    }

    /**
     * Reads a bundle the scan does not read (no plugin, or a trusted one) within the limits, as
     * the plugin manager reads every plugin jar: one installed around the manager ({@code
     * felix:install}, or by code) and over a limit is refused before anything can resolve it, and
     * uninstalled, so no restart finds it. A plugin below the trusted level is read by its scan,
     * within the same limits.
     *
     * @return whether the bundle is within the limits (or is read by its scan)
     */
    private boolean withinLimits(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        Classification classification = revision == null ? Classification.UNKNOWN : classifier.classify(revision);
        if (classification != Classification.PLATFORM && classification != Classification.TRUSTED_PLUGIN) {
            return true;
        }
        JarBudget budget = new JarBudget(scanner.limits());
        try {
            for (String entry : listEntries(bundle, budget)) {
                read(bundle, entry, budget);
            }
            overLimit.remove(bundle.getBundleId());
            return true;
        } catch (IOException over) {
            String reason = Quote.prefix(String.valueOf(over.getMessage()), 400) + " It was installed around the plugin "
                    + "manager, which reads every jar within these limits first; it is uninstalled. Install plugins "
                    + "with prsm:install.";
            overLimit.put(bundle.getBundleId(), reason);
            String name = revision == null || revision.getSymbolicName() == null ? "-" : revision.getSymbolicName();
            audit.record(AuditEvent.denied(name, bundle.getBundleId(), "limits", Quote.prefix(bundle.getLocation(), 200),
                    reason));
            // not on the installing thread, which is inside the framework's install
            scanThreads.execute(() -> uninstall(bundle));
            return false;
        }
    }

    private static void uninstall(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException gone) {
            // already uninstalled, or the framework stops: either way it never resolves (refused meanwhile)
        }
    }

    /**
     * Checks a plugin bundle: its manifest and claimed identity against the plugin manager's rules
     * (while the manager is not there, the plugin is refused until it comes) and, below the
     * trusted level, its bytecode; records a refusal if any fails.
     */
    public void check(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        Classification classification = revision == null ? Classification.UNKNOWN : classifier.classify(revision);
        if (classification == Classification.PLATFORM) {
            refused.remove(bundle.getBundleId());
            return;
        }
        Optional<PluginIdentity> identity = revision == null ? Optional.empty() : classifier.identity(revision);
        if (identity.isEmpty()) {
            refused.put(bundle.getBundleId(), "the bundle has no revision to check");
            return;
        }
        PluginValidator validator = manifests.get();
        if (validator == null) {
            // fail closed, quietly: the gatekeeper starts before the manager, and checks every plugin again then
            refused.put(bundle.getBundleId(), "the plugin manager (io.prsm.runtime), whose rules every plugin is "
                    + "checked against, is not running; start it, and the plugin is checked again");
            return;
        }
        List<String> manifestProblems;
        try {
            manifestProblems = validator.problems(bundle);
        } catch (RuntimeException failed) {
            // rules that fail on this manifest cannot clear it: refused, not let through
            manifestProblems = List.of("the manifest rules failed on it ("
                    + Quote.prefix(String.valueOf(failed), 200) + ")");
        }
        if (!manifestProblems.isEmpty()) {
            String reason = "refused by the plugin manager's rules: " + String.join(" ", manifestProblems);
            audit.record(AuditEvent.denied(identity.get().pluginId(), bundle.getBundleId(), "resolve", "manifest",
                    reason));
            refused.put(bundle.getBundleId(), reason);
            return;
        }
        if (classification == Classification.TRUSTED_PLUGIN || classification == Classification.UNKNOWN) {
            // a trusted plugin's code is not scanned; an unknown one never resolves (the resolver hook says why)
            refused.remove(bundle.getBundleId());
            return;
        }
        SecurityLevel level = classification.rulesLevel().orElseThrow();
        // re-checking the manifest (when the manager's rules arrive, or after a restart) does not read the code again:
        // a verdict is kept only for a revision whose named classes passed, under the same rules
        String rules = scanner.allowList().fingerprint() + namedClassesRules;
        ScanVerdicts.Verdict verdict = scanned.find(bundle.getBundleId(), bundle.getLastModified(),
                bundle.getLocation(), level, rules).orElse(null);
        if (verdict == null) {
            Optional<String> named = namedClasses(bundle);
            if (named.isPresent()) {
                audit.record(AuditEvent.denied(identity.get().pluginId(), bundle.getBundleId(), "resolve", "manifest",
                        named.get()));
                refused.put(bundle.getBundleId(), named.get());
                return;
            }
            verdict = new ScanVerdicts.Verdict(bundle.getLastModified(), bundle.getLocation(), level,
                    scan(bundle, identity.get().pluginId(), level), rules);
            scanned.put(bundle.getBundleId(), verdict);
        }
        if (verdict.refusal() == null || !mode.refuses()) {
            refused.remove(bundle.getBundleId());
        } else {
            refused.put(bundle.getBundleId(), verdict.refusal());
        }
    }

    /** Why the classes an untrusted plugin names for the platform to construct refuse it ({@link ClassesItNames}). */
    private Optional<String> namedClasses(Bundle bundle) {
        Map<String, String> headers = new java.util.HashMap<>();
        java.util.Dictionary<String, String> raw = bundle.getHeaders("");
        for (Enumeration<String> keys = raw.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            headers.put(key, raw.get(key));
        }
        JarBudget budget = new JarBudget(scanner.limits());
        // asked entry by entry: its whole jar is not listed for it
        List<String> problems = ClassesItNames.problems(headers, new ClassesItNames.Entries() {
            @Override
            public boolean holds(String path) {
                return bundle.getEntry(path) != null;
            }

            @Override
            public List<String> filesIn(String folder) throws IOException {
                List<String> files = new ArrayList<>();
                Enumeration<String> paths = bundle.getEntryPaths(folder.isEmpty() ? "/" : folder);
                while (paths != null && paths.hasMoreElements()) {
                    String path = paths.nextElement();
                    budget.countEntry(path);
                    if (!path.endsWith("/")) {
                        files.add(path);
                    }
                }
                files.sort(null);
                return files;
            }

            @Override
            public byte[] read(String path) throws IOException {
                return InstallScanner.read(bundle, path, budget);
            }
        }, delegated);
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("refused by the gatekeeper's manifest rules: " + String.join(" ", problems));
    }

    /** Scans every class of the bundle and audits each violation; returns the refusal, or null. */
    private String scan(Bundle bundle, String pluginId, SecurityLevel level) {
        List<Violation> violations = new ArrayList<>();
        JarBudget budget = new JarBudget(scanner.limits());
        try {
            List<String> entries = listEntries(bundle, budget);
            violations.addAll(scanner.scanEntries(entries, entry -> read(bundle, entry, budget), level, scanThreads,
                    parallelism).violations());
        } catch (IOException unreadable) {
            violations.add(new Violation(bundle.getSymbolicName(), "<bundle>", -1, bundle.getLocation(),
                    "a bundle whose content cannot be read (" + Quote.prefix(String.valueOf(unreadable.getMessage()), 400)
                            + ") cannot be checked, so it", level));
        }
        if (violations.isEmpty()) {
            return null;
        }
        for (Violation violation : violations) {
            audit.record(mode.refuses() ? AuditEvent.denied(pluginId, bundle.getBundleId(), "bytecode", violation.api(),
                    violation.toString()) : AuditEvent.granted(pluginId, bundle.getBundleId(), "bytecode",
                            violation.api(), "reported, not refused (" + ScanMode.PROPERTY + "=report): " + violation));
        }
        return "forbidden API use: " + violations.stream().limit(NAMED).map(Violation::toString)
                .collect(Collectors.joining("; "))
                + (violations.size() > NAMED ? "; and " + (violations.size() - NAMED) + " more" : "");
    }

    /** Every file entry of the bundle, counted within {@code budget}; without recursion, however deep the folders. */
    private static List<String> listEntries(Bundle bundle, JarBudget budget) throws IOException {
        List<String> entries = new ArrayList<>();
        java.util.Deque<String> folders = new java.util.ArrayDeque<>();
        folders.push("/");
        while (!folders.isEmpty()) {
            Enumeration<String> paths = bundle.getEntryPaths(folders.pop());
            while (paths != null && paths.hasMoreElements()) {
                String entry = paths.nextElement();
                budget.countEntry(entry);
                if (entry.endsWith("/")) {
                    folders.push(entry);
                } else {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    private static byte[] read(Bundle bundle, String path, JarBudget budget) throws IOException {
        URL entry = bundle.getEntry(path);
        if (entry == null) {
            throw new IOException("entry " + Quote.prefix(path, 200) + " vanished while the bundle was scanned");
        }
        try (InputStream in = entry.openStream()) {
            return budget.read(in, path);
        }
    }
}
