package io.prsm.sandbox.bytecode;

import java.util.List;
import java.util.Optional;

import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleWiring;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * Scans each class of an untrusted plugin again as it is defined: defence in depth behind the
 * install-time scan, so a class that reaches the class loader some other way is caught too. A
 * violation stops the class from being defined ({@link WeavingException}, which does not get the
 * hook deny-listed) and is audited. A class that passes gets the containment checks woven in
 * ({@link CheckpointWeaver}), so that the runtime can stop its code; where the entitlement agent
 * counts plugin code, each method entry's check counts it too (one woven call for both, which
 * {@code PluginCodeMarks} then finds and does not double).
 *
 * <p>Concurrent semantics: thread-safe; classes are defined on many threads at once.
 */
public final class ScanningWeavingHook implements WeavingHook {

    private final BytecodeScanner scanner;
    private final AuditSink audit;
    private final BundleClassifier classifier;

    private final ScanMode mode;
    private final boolean countEntries;
    private final CheckpointWeaver checkpoints = new CheckpointWeaver();
    private final AllocationWeaver allocations = new AllocationWeaver();
    private final JdkThreadCode jdkThreads = new JdkThreadCode();

    public ScanningWeavingHook(BytecodeScanner scanner, AuditSink audit, BundleClassifier classifier) {
        this(scanner, audit, classifier, ScanMode.ENFORCE);
    }

    /** @param mode whether a violation stops the class, or is only reported */
    public ScanningWeavingHook(BytecodeScanner scanner, AuditSink audit, BundleClassifier classifier, ScanMode mode) {
        this(scanner, audit, classifier, mode, false);
    }

    /**
     * @param mode whether a violation stops the class, or is only reported
     * @param countEntries whether the entitlement layer counts plugin code's method entries (the
     *        agent runs): then each entry's check counts too, {@code Checkpoint.enter(bundleId)}
     */
    public ScanningWeavingHook(BytecodeScanner scanner, AuditSink audit, BundleClassifier classifier, ScanMode mode,
            boolean countEntries) {
        this.scanner = scanner;
        this.audit = audit;
        this.classifier = classifier;
        this.mode = mode;
        this.countEntries = countEntries;
    }

    @Override
    public void weave(WovenClass wovenClass) {
        BundleWiring wiring = wovenClass.getBundleWiring();
        Classification classification = classifier.classify(wiring.getRevision());
        if (classification == Classification.PLATFORM || classification == Classification.TRUSTED_PLUGIN) {
            return;
        }
        Optional<PluginIdentity> identity = classifier.identity(wiring.getRevision());
        String pluginId = identity.map(PluginIdentity::pluginId).orElse(String.valueOf(wiring.getRevision()
                .getSymbolicName()));
        long bundleId = wiring.getBundle().getBundleId();
        if (classification == Classification.UNKNOWN) {
            String reason = "plugin " + pluginId + " has no known level the policy accepts, so none of its code runs";
            audit.record(AuditEvent.denied(pluginId, bundleId, "bytecode", wovenClass.getClassName(),
                    "class definition refused: " + reason));
            throw new WeavingException("Class " + wovenClass.getClassName() + " is refused: " + reason);
        }
        SecurityLevel level = classification.rulesLevel().orElseThrow();
        List<Violation> violations = scanner.scanClass(wovenClass.getBytes(), level);
        if (violations.isEmpty()) {
            contain(wovenClass, pluginId, bundleId);
            return;
        }
        if (!mode.refuses()) {
            for (Violation violation : violations) {
                audit.record(AuditEvent.granted(pluginId, bundleId, "bytecode", violation.api(),
                        "reported, not refused (" + ScanMode.PROPERTY + "=report): " + violation));
            }
            contain(wovenClass, pluginId, bundleId);
            return;
        }
        for (Violation violation : violations) {
            audit.record(AuditEvent.denied(pluginId, bundleId, "bytecode", violation.api(),
                    "class definition refused: " + violation));
        }
        throw new WeavingException("Class " + wovenClass.getClassName() + " of plugin " + pluginId
                + " is refused: " + violations.get(0) + (violations.size() > 1 ? " (and " + (violations.size() - 1)
                        + " more, see prsm:audit)" : ""));
    }

    /**
     * Keeps the class off the JDK's own threads ({@link JdkThreadCode}) and weaves the containment
     * checks in; a class that cannot be made stoppable is not defined (fail closed).
     */
    private void contain(WovenClass wovenClass, String pluginId, long bundleId) {
        JdkThreadCode.Kept kept;
        try {
            kept = jdkThreads.keepOff(wovenClass.getBytes());
        } catch (CheckpointWeaver.WeavingRefused onAnotherThread) {
            throw refused(wovenClass, pluginId, bundleId, "its code would run on a thread no stop reaches: "
                    + onAnotherThread.getMessage());
        }
        if (kept.finalizeRenamed()) {
            audit.record(AuditEvent.denied(pluginId, bundleId, "containment", wovenClass.getClassName()
                    + ".finalize()", "finalize() will not run: the JVM would run it on its Finalizer thread, "
                    + "which no stop reaches and which finalizes for the whole JVM; release resources in close()"));
        }
        try {
            byte[] bytes = kept.bytes();
            wovenClass.setBytes(allocations.weave(checkpoints.weave(bytes, bundleId, countEntries)));
            wovenClass.getDynamicImports().add(CheckpointWeaver.CHECK_PACKAGE);
        } catch (CheckpointWeaver.WeavingRefused | IllegalArgumentException unweavable) {
            throw refused(wovenClass, pluginId, bundleId, "its code could not be made stoppable: "
                    + unweavable.getMessage());
        }
    }

    /** Audits the refusal of the class and gives the exception that keeps it from being defined. */
    private WeavingException refused(WovenClass wovenClass, String pluginId, long bundleId, String reason) {
        audit.record(AuditEvent.denied(pluginId, bundleId, "containment", wovenClass.getClassName(),
                "class definition refused: " + reason));
        return new WeavingException("Class " + wovenClass.getClassName() + " of plugin " + pluginId
                + " is refused: " + reason);
    }
}
