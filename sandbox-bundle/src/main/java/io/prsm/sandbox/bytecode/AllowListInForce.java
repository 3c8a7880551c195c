package io.prsm.sandbox.bytecode;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.prsm.sandbox.policy.PolicyHolder;

/**
 * The allow-list in force: the shipped list with the additions of the policy in force, built again
 * only when the policy changes.
 *
 * <p>Concurrent semantics: thread-safe and lock-free; two threads may build one list at once and
 * one of them wins.
 */
public final class AllowListInForce implements Supplier<AllowList> {

    /** A list and the policy revision it was built for. */
    private record Built(long revision, AllowList list) {
    }

    private final PolicyHolder policy;
    private final AtomicReference<Built> built = new AtomicReference<>();

    public AllowListInForce(PolicyHolder policy) {
        this.policy = policy;
    }

    @Override
    public AllowList get() {
        PolicyHolder.Snapshot snapshot = policy.current();
        Built known = built.get();
        if (known != null && known.revision() == snapshot.revision()) {
            return known.list();
        }
        // the parser refused malformed additions, so a policy in force always builds
        Built fresh = new Built(snapshot.revision(), AllowList.withExtensions(snapshot.policy().allow()));
        built.set(fresh);
        return fresh.list();
    }
}
