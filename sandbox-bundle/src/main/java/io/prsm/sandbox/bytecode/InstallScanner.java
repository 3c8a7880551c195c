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
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.resolve.PluginIdentity;
import io.prsm.sandbox.resolve.Refusals;

/**
 * Scans every class of an untrusted plugin when it is installed or updated, before anything can
 * resolve it (bundle events of these kinds are delivered synchronously), and remembers the
 * plugins it refuses for the resolver hook. Entries are read without resolving the bundle.
 *
 * <p>Concurrent semantics: thread-safe; refusals live in a concurrent map.
 */
public final class InstallScanner implements SynchronousBundleListener, Refusals {

    /** How many violations a refusal message names; the rest are in the audit log. */
    private static final int NAMED = 3;

    private final BytecodeScanner scanner;
    private final AuditSink audit;
    private final Map<Long, String> refused = new ConcurrentHashMap<>();

    public InstallScanner(BytecodeScanner scanner, AuditSink audit) {
        this.scanner = scanner;
        this.audit = audit;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> check(bundle);
            case BundleEvent.UNINSTALLED -> refused.remove(bundle.getBundleId());
            default -> {
                // nothing else changes a bundle's code
            }
        }
    }

    @Override
    public Optional<String> reasonFor(long bundleId) {
        return Optional.ofNullable(refused.get(bundleId));
    }

    /** Scans a bundle that is a plugin below the trusted level; records a refusal if it fails. */
    public void check(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        Optional<PluginIdentity> identity = revision == null ? Optional.empty() : PluginIdentity.of(revision);
        if (identity.isEmpty() || identity.get().level().isEmpty()
                || identity.get().level().get() == SecurityLevel.TRUSTED) {
            refused.remove(bundle.getBundleId());
            return;
        }
        SecurityLevel level = identity.get().level().get();
        List<Violation> violations = new ArrayList<>();
        try {
            scan(bundle, "/", level, violations);
        } catch (IOException unreadable) {
            violations.add(new Violation(bundle.getSymbolicName(), "<bundle>", -1, bundle.getLocation(),
                    "a bundle whose content cannot be read (" + unreadable.getMessage() + ") cannot be checked, so it",
                    level));
        }
        if (violations.isEmpty()) {
            refused.remove(bundle.getBundleId());
            return;
        }
        for (Violation violation : violations) {
            audit.record(AuditEvent.denied(identity.get().pluginId(), bundle.getBundleId(), "bytecode",
                    violation.api(), violation.toString()));
        }
        refused.put(bundle.getBundleId(), "forbidden API use: " + violations.stream().limit(NAMED)
                .map(Violation::toString).collect(Collectors.joining("; "))
                + (violations.size() > NAMED ? "; and " + (violations.size() - NAMED) + " more" : ""));
    }

    private void scan(Bundle bundle, String path, SecurityLevel level, List<Violation> violations) throws IOException {
        Enumeration<String> paths = bundle.getEntryPaths(path);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String entry = paths.nextElement();
            if (entry.endsWith("/")) {
                scan(bundle, entry, level, violations);
            } else if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
                violations.addAll(scanner.scanClass(read(bundle.getEntry(entry)), level));
            } else if (entry.endsWith(".jar")) {
                violations.addAll(scanner.scanJar(read(bundle.getEntry(entry)), level).violations());
            }
        }
    }

    private static byte[] read(URL entry) throws IOException {
        try (InputStream in = entry.openStream()) {
            return in.readAllBytes();
        }
    }
}
