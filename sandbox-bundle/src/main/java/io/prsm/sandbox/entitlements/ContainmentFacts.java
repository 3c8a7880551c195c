package io.prsm.sandbox.entitlements;

import java.util.List;

import org.osgi.framework.Bundle;

import io.prsm.platform.PluginContainment;
import io.prsm.sandbox.policy.PolicyHolder;

/**
 * The gatekeeper's answers to the runtime's containment: the threads each plugin started (from
 * the run-time layer's count) and what the policy in force says about CPU shares.
 *
 * <p>Concurrent semantics: thread-safe; reads the policy in force once per call.
 */
public final class ContainmentFacts implements PluginContainment {

    private final EntitlementsLayer layer;
    private final PolicyHolder policy;

    public ContainmentFacts(EntitlementsLayer layer, PolicyHolder policy) {
        this.layer = layer;
        this.policy = policy;
    }

    @Override
    public List<Thread> threadsStartedBy(Bundle plugin) {
        return layer.guard().map(guard -> guard.threadsOf(plugin)).orElse(List.of());
    }

    @Override
    public boolean quarantineOverCpuShare() {
        return policy.current().policy().containment().quarantineOverCpuShare();
    }
}
