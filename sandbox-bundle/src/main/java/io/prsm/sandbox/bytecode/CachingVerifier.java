package io.prsm.sandbox.bytecode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prsm.api.SecurityLevel;
import io.prsm.platform.JarSigners;
import io.prsm.platform.PluginVerifier;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.policy.Decision;
import io.prsm.sandbox.policy.PolicyHolder;

/**
 * The {@link PluginVerifier} the gatekeeper offers: for a trusted plugin, whether the policy
 * trusts it (and its jar's signers); for the others, a bytecode scan of the jar, remembered by
 * the jar's SHA-256 digest and level, so validating and then installing one jar scans it once.
 *
 * <p>Concurrent semantics: thread-safe; the cache is guarded by the instance.
 */
public final class CachingVerifier implements PluginVerifier {

    private static final int CACHED_JARS = 256;

    private final BytecodeScanner scanner;
    private final PolicyHolder policy;
    private final AuditSink audit;
    private final Map<String, List<String>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > CACHED_JARS;
        }
    };

    private final java.util.function.Supplier<java.util.Optional<String>> untrustedRefusal;
    private final ScanMode mode;
    /** The packages the framework loads from elsewhere first: a class file of one in the jar is no class of its own. */
    private final java.util.function.Predicate<String> delegated;

    /**
     * @param untrustedRefusal why no untrusted plugin may run in this JVM (no entitlement agent), or empty
     * @param mode whether violations refuse the jar or are only reported
     */
    public CachingVerifier(BytecodeScanner scanner, PolicyHolder policy, AuditSink audit,
            java.util.function.Supplier<java.util.Optional<String>> untrustedRefusal, ScanMode mode, String bootDelegation) {
        this.delegated = ClassesItNames.delegatedBy(bootDelegation);
        this.mode = mode;
        this.scanner = scanner;
        this.policy = policy;
        this.audit = audit;
        this.untrustedRefusal = untrustedRefusal;
    }

    @Override
    public List<String> verify(String pluginId, byte[] jar, SecurityLevel level) throws IOException {
        if (level == SecurityLevel.TRUSTED) {
            Decision trust = policy.current().policy().trust(pluginId, JarSigners.of(jar));
            if (!trust.allowed()) {
                audit.record(AuditEvent.denied(pluginId, -1, "policy", "run at level trusted", trust.reason()));
                return List.of(trust.reason());
            }
            return List.of();
        }
        java.util.Optional<String> noRuntimeLayer = untrustedRefusal.get();
        if (noRuntimeLayer.isPresent()) {
            audit.record(AuditEvent.denied(pluginId, -1, "entitlements", "run at level " + level.id(),
                    noRuntimeLayer.get()));
            return List.of(noRuntimeLayer.get());
        }
        String key = digest(jar) + "/" + level.id() + "/" + scanner.allowList().fingerprint();
        // a cached verdict is not audited again: the log already holds it
        synchronized (cache) {
            List<String> known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        List<String> named = NamedInJar.problems(jar, scanner.limits(), delegated);
        if (!named.isEmpty()) {
            for (String problem : named) {
                audit.record(AuditEvent.denied(pluginId, -1, "resolve", "manifest", problem));
            }
            synchronized (cache) {
                cache.put(key, named);
            }
            return named;
        }
        List<Violation> violations = scanner.scanJar(jar, level).violations();
        for (Violation violation : violations) {
            audit.record(mode.refuses() ? AuditEvent.denied(pluginId, -1, "bytecode", violation.api(), violation.toString())
                    : AuditEvent.granted(pluginId, -1, "bytecode", violation.api(),
                            "reported, not refused (" + ScanMode.PROPERTY + "=report): " + violation));
        }
        List<String> problems = mode.refuses() ? violations.stream().map(Violation::toString).toList() : List.of();
        synchronized (cache) {
            cache.put(key, problems);
        }
        return problems;
    }

    private static String digest(byte[] jar) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
