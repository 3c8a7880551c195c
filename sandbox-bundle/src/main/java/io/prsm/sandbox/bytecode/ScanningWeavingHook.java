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
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * Scans each class of an untrusted plugin again as it is defined: defence in depth behind the
 * install-time scan, so a class that reaches the class loader some other way is caught too. A
 * violation stops the class from being defined ({@link WeavingException}, which does not get the
 * hook deny-listed) and is audited.
 *
 * <p>Concurrent semantics: thread-safe; classes are defined on many threads at once.
 */
public final class ScanningWeavingHook implements WeavingHook {

    private final BytecodeScanner scanner;
    private final AuditSink audit;

    public ScanningWeavingHook(BytecodeScanner scanner, AuditSink audit) {
        this.scanner = scanner;
        this.audit = audit;
    }

    @Override
    public void weave(WovenClass wovenClass) {
        BundleWiring wiring = wovenClass.getBundleWiring();
        Optional<PluginIdentity> identity = PluginIdentity.of(wiring.getRevision());
        if (identity.isEmpty()) {
            return;
        }
        SecurityLevel level = identity.get().level().orElse(SecurityLevel.ISOLATED);
        if (level == SecurityLevel.TRUSTED) {
            return;
        }
        List<Violation> violations = scanner.scanClass(wovenClass.getBytes(), level);
        if (violations.isEmpty()) {
            return;
        }
        long bundleId = wiring.getBundle().getBundleId();
        for (Violation violation : violations) {
            audit.record(AuditEvent.denied(identity.get().pluginId(), bundleId, "bytecode", violation.api(),
                    "class definition refused: " + violation));
        }
        throw new WeavingException("Class " + wovenClass.getClassName() + " of plugin " + identity.get().pluginId()
                + " is refused: " + violations.get(0) + (violations.size() > 1 ? " (and " + (violations.size() - 1)
                        + " more, see prsm:audit)" : ""));
    }
}
