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

    public CachingVerifier(BytecodeScanner scanner, PolicyHolder policy, AuditSink audit) {
        this.scanner = scanner;
        this.policy = policy;
        this.audit = audit;
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
        String key = digest(jar) + "/" + level.id() + "/" + scanner.allowList().fingerprint();
        // a cached verdict is not audited again: the log already holds it
        synchronized (cache) {
            List<String> known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        List<Violation> violations = scanner.scanJar(jar, level).violations();
        for (Violation violation : violations) {
            audit.record(AuditEvent.denied(pluginId, -1, "bytecode", violation.api(), violation.toString()));
        }
        List<String> problems = violations.stream().map(Violation::toString).toList();
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
