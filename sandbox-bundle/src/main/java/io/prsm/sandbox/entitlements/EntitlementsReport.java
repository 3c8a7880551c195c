package io.prsm.sandbox.entitlements;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.platform.EntitlementsView;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * The gatekeeper's answer to {@code prsm:info} and {@code prsm:validate} about entitlements.
 *
 * <p>Concurrent semantics: thread-safe; reads the policy in force once per call.
 */
public final class EntitlementsReport implements EntitlementsView {

    private static final double MIB = 1024 * 1024;

    private final EntitlementsLayer layer;
    private final PolicyHolder policy;
    private final BundleClassifier classifier;

    public EntitlementsReport(EntitlementsLayer layer, PolicyHolder policy, BundleClassifier classifier) {
        this.layer = layer;
        this.policy = policy;
        this.classifier = classifier;
    }

    @Override
    public List<String> describe(Bundle plugin) {
        BundleRevision revision = plugin.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of(layer.status());
        }
        Classification level = classifier.classify(revision);
        if (!StackAttribution.untrusted(level)) {
            return List.of(layer.status(), "Entitlements: not checked (" + (level == Classification.PLATFORM
                    ? "platform" : "trusted") + ")");
        }
        String pluginId = classifier.identity(revision).map(PluginIdentity::pluginId)
                .orElse(String.valueOf(revision.getSymbolicName()));
        PluginEntitlements declared = DeclaredEntitlements.of(revision);
        PluginEntitlements granted = policy.current().policy().entitlements().granted(pluginId);
        List<String> lines = new java.util.ArrayList<>(List.of(layer.status(),
                "Entitlements declared: " + EntitlementText.of(declared),
                "Entitlements granted: " + EntitlementText.of(granted),
                "Entitlements in force: " + (level == Classification.SANDBOX ? "its data folder; " : "")
                        + EntitlementText.of(PluginEntitlements.inForce(declared, granted))));
        layer.guard().ifPresent(guard -> {
            lines.add(threads(guard.threadsOf(plugin), guard.threadLimitOf(plugin)));
            lines.add(directMemory(guard.directMemoryOf(plugin), DirectMemory.limitOf(plugin)));
        });
        return lines;
    }

    /** The direct memory a plugin holds now: the heap figures do not show it, yet it counts against its memory. */
    static String directMemory(long held, long declared) {
        return String.format(java.util.Locale.ROOT, "Direct memory: %.1f MiB held in direct buffers, charged against "
                + "its declared memory of %.1f MiB", held / MIB, declared / MIB);
    }

    /** The threads a plugin started that still run, and its limit. */
    static String threads(List<Thread> threads, ThreadLimit limit) {
        List<Thread> running = threads.stream().sorted(java.util.Comparator.comparing(Thread::getName)).toList();
        StringBuilder line = new StringBuilder("Threads started: " + running.size() + " running (limit " + limit.limit()
                + ": " + limit.why() + ")");
        for (int i = 0; i < running.size() && i < 10; i++) {
            line.append(i == 0 ? ": " : ", ").append(running.get(i).getName());
        }
        return line.append(running.size() > 10 ? ", ..." : "").toString();
    }

    @Override
    public List<String> granted(String pluginId) {
        List<String> lines = new java.util.ArrayList<>(List.of(layer.status(), "Entitlements granted: "
                + EntitlementText.of(policy.current().policy().entitlements().granted(pluginId))));
        layer.guard().ifPresent(guard -> lines.add(threadCaps(guard.operatorThreadDefault(),
                policy.current().policy().containment())));
        return lines;
    }

    /** For a jar not installed yet: how its thread limit will be set (its declaration shows as an entitlement). */
    static String threadCaps(int operatorDefault, io.prsm.sandbox.policy.ContainmentPolicy containment) {
        return "Thread limit: what it declares (threads max=N) or " + ThreadLimit.PROPERTY + " " + operatorDefault
                + ", at most " + containment.threadCap(io.prsm.api.SecurityLevel.SANDBOX) + " for a sandbox and "
                + containment.threadCap(io.prsm.api.SecurityLevel.ISOLATED) + " for an isolated plugin "
                + "(containment.threads in policy.json)";
    }
}
