package io.prsm.sandbox.entitlements;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.bridge.EntitlementChecker;
import io.prsm.bridge.EntitlementDeniedException;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.EntitlementPolicy;
import io.prsm.sandbox.policy.PluginEntitlements;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * The gatekeeper's run-time layer: the {@link EntitlementChecker} every instrumented JDK sink
 * asks. It turns the sink's call into acts, finds the untrusted plugins acting
 * ({@link StackAttribution}), and checks each act against each plugin's entitlements in force (its
 * level's defaults, plus what it declares and the policy grants). In mode {@code enforce} a
 * refusal throws {@link EntitlementDeniedException} from the sink, so nothing happened; in mode
 * {@code audit} it is logged and allowed, and remembered for {@code prsm:policy suggest}. Each
 * refusal is audited once per plugin, operation and target, one by one up to {@link RefusalBudget}'s
 * limit a minute per plugin (then counted).
 *
 * <p>Once {@link #countingPluginCode} said every class of plugin code counts its method entries
 * ({@link PluginCodeMarks}), a check knows which plugin bundles may have a frame on the stack (the
 * bridge keeps them per thread): it allows an act every one of them may do without walking, and a
 * whole-stack walk tells the bridge which bundles it found (none: the thread's next checks return
 * at once until plugin code runs on it).
 *
 * <p>It also keeps count of the threads each plugin started: a plugin may run at most
 * {@code threadLimit} at once (a start past it is refused, audited once per plugin and limit,
 * {@link PluginThreads}), and {@link #stopThreadsOf} stops them when the plugin stops.
 *
 * <p>Concurrent semantics: thread-safe; the policy is read once per check.
 */
public final class EntitlementGuard implements EntitlementChecker {

    private static final int REMEMBERED = 10_000;

    private final PolicyHolder policy;
    private final BundleClassifier classifier;
    private final RefusalRecords records;
    private final EntitlementRules rules;
    private final StackAttribution attribution;
    private final SinkActs acts;
    private final MachineryUse ownUse;
    private final ThreadStarters starters = new ThreadStarters();
    private final PluginThreads threads;
    private final DirectMemory directMemory = DirectMemory.withOwnThread();
    private final Map<Long, InForce> inForce = new ConcurrentHashMap<>();
    private final Map<Long, Bundle> wovenBundles = new ConcurrentHashMap<>();
    private volatile boolean pluginCodeCounted;

    public EntitlementGuard(PolicyHolder policy, BundleClassifier classifier, AuditSink audit, EntitlementRules rules) {
        this(policy, classifier, audit, rules, ThreadLimit.DEFAULT);
    }

    /** @param threadLimit how many threads one untrusted plugin may run at once */
    public EntitlementGuard(PolicyHolder policy, BundleClassifier classifier, AuditSink audit, EntitlementRules rules,
            int threadLimit) {
        this.policy = policy;
        this.classifier = classifier;
        this.records = new RefusalRecords(audit);
        this.rules = rules;
        this.attribution = new StackAttribution(classifier);
        this.acts = new SinkActs(attribution::isPlatform);
        this.ownUse = new MachineryUse(attribution);
        this.threads = new PluginThreads(starters, threadLimit, policy, audit);
    }

    @Override
    public boolean isPlatform(Class<?> caller) {
        return attribution.isPlatform(caller);
    }

    /**
     * Called once {@link PluginCodeMarks} weaves every class of plugin code this JVM will run (no
     * plugin bundle had a class loader before it): from now on a clean stack is reported as such.
     */
    public void countingPluginCode() {
        pluginCodeCounted = true;
    }

    /** Whether checks may skip threads no plugin code ran on since their last clean check. */
    public boolean skipsThreadsWithoutPluginCode() {
        return pluginCodeCounted;
    }

    /** {@link PluginCodeMarks} made {@code bundle}'s code count: a thread that ran it may name its id. */
    void woven(Bundle bundle) {
        wovenBundles.putIfAbsent(bundle.getBundleId(), bundle);
    }

    @Override
    public void check(String sink, Object target, Object detail) {
        checkKnowing(sink, target, detail, null);
    }

    @Override
    public long[] checkKnowing(String sink, Object target, Object detail, long[] pluginsThatRan) {
        if (sink.equals(DirectMemory.HELD_SINK)) {
            directMemory.held(target, detail);
            return null;
        }
        List<Act> wanted = acts.describe(sink, target, detail);
        if (wanted.isEmpty() || ownUse.ownUse(sink, wanted)) {
            return null;
        }
        boolean threadStart = sink.equals("thread.start");
        if (!threadStart && pluginCodeCounted && pluginsThatRan != null && allMayAct(pluginsThatRan, wanted)) {
            // every bundle whose frame can be on this stack may do it: a walk could only find a subset
            return null;
        }
        List<StackAttribution.Actor> actors;
        long[] found = null;
        if (threadStart) {
            // with no plugin frame, a thread a plugin's thread starts is that plugin's too (an HttpClient's
            // workers, started by the selector thread the plugin started, connect where redirects lead)
            actors = attribution.nearestCaller().map(List::of).orElseGet(() -> withStarters(List.of()));
        } else {
            StackAttribution.Walk walk = attribution.acting();
            actors = withStarters(walk.actors());
            found = walk.complete() && pluginCodeCounted ? walk.onStack() : null;
        }
        if (threadStart && !actors.isEmpty() && attribution.initialisingJdkClass()) {
            // a JDK class's initialiser starting its own thread: not the plugin's thread, nor counted as one
            actors = List.of();
        }
        EntitlementPolicy entitlements = policy.current().policy().entitlements();
        Boolean initialising = null;
        for (StackAttribution.Actor actor : actors) {
            String pluginId = pluginId(actor.bundle());
            PluginEntitlements inForce = inForce(actor.bundle(), pluginId, entitlements);
            for (Act act : wanted) {
                Optional<String> remedy = act.operation() == Operation.DIRECT_MEMORY
                        ? directMemory.reserve(actor.bundle(), pluginId, act.subject())
                        : refusal(actor, pluginId, inForce, act);
                if (remedy.isEmpty()) {
                    continue;
                }
                if (initialising == null) {
                    initialising = attribution.initialisingJdkClass();
                }
                if (!initialising) {
                    records.refuse(actor.bundle(), pluginId, act, remedy.get(), entitlements.audit());
                }
            }
            if (threadStart) {
                threads.limit(actor, pluginId, entitlements.audit());
            }
        }
        if (threadStart && !actors.isEmpty()) {
            starters.started((Thread) target, actors.stream().map(StackAttribution.Actor::bundle).toList());
        }
        // a thread a plugin started acts for it without its frames: never narrowed to the frames
        return starters.of(Thread.currentThread()).isEmpty() ? found : null;
    }

    private Optional<String> refusal(StackAttribution.Actor actor, String pluginId, PluginEntitlements inForce, Act act) {
        return rules.refusal(pluginId, actor.level(), inForce, act, thread -> starters.startedBy(thread, actor.bundle()),
                type -> attribution.owner(type).filter(owner -> owner == actor.bundle()).isPresent(),
                bundleId -> PluginClassSpace.ownBundle(actor.bundle(), bundleId),
                type -> PluginClassSpace.links(actor.bundle(), type) || attribution.reflectsForItself(type));
    }

    /**
     * Whether every act is allowed to every bundle in {@code bundleIds} (those whose code may be on
     * the stack), for a thread no plugin started: then the act is allowed whoever of them acts.
     */
    private boolean allMayAct(long[] bundleIds, List<Act> wanted) {
        if (!starters.of(Thread.currentThread()).isEmpty()
                || wanted.stream().anyMatch(act -> act.operation() == Operation.DIRECT_MEMORY)) {
            // direct memory is charged to each plugin acting, which only the walk names
            return false;
        }
        EntitlementPolicy entitlements = policy.current().policy().entitlements();
        for (long bundleId : bundleIds) {
            Bundle bundle = wovenBundles.get(bundleId);
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                return false;
            }
            Classification level = classifier.classify(bundle);
            if (!StackAttribution.untrusted(level)) {
                continue;
            }
            StackAttribution.Actor actor = new StackAttribution.Actor(bundle, level);
            String pluginId = pluginId(bundle);
            PluginEntitlements inForce = inForce(bundle, pluginId, entitlements);
            for (Act act : wanted) {
                if (refusal(actor, pluginId, inForce, act).isPresent()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes of direct memory {@code bundle} holds now (its buffers not yet collected). */
    public long directMemoryOf(Bundle bundle) {
        return directMemory.heldBy(bundle);
    }

    /** The threads {@code bundle} started that still run, for {@code prsm:info}. */
    public List<Thread> threadsOf(Bundle bundle) {
        return starters.running(bundle);
    }

    /** How many threads a plugin that declares no limit may run at once, before the policy's cap. */
    public int operatorThreadDefault() {
        return threads.operatorDefault();
    }

    /** How many threads {@code bundle} may run at once, and why; see {@link ThreadLimit}. */
    public ThreadLimit threadLimitOf(Bundle bundle) {
        return threads.limitOf(bundle, classifier.classify(bundle));
    }

    /**
     * Stops the threads {@code bundle} started (it is stopping): each is interrupted, and the
     * containment checks woven into its code throw from now on, so it ends at its next loop turn
     * or call. Audited once per thread.
     */
    public void stopThreadsOf(Bundle bundle) {
        threads.stop(bundle, pluginId(bundle));
    }

    /** What plugin {@code pluginId} was let do in mode audit that enforce would refuse (since the gatekeeper started). */
    public Set<Act> used(String pluginId) {
        return records.used(pluginId);
    }

    /** The entitlements in force for {@code bundle}: declared and granted. */
    public PluginEntitlements inForce(Bundle bundle) {
        return inForce(bundle, pluginId(bundle), policy.current().policy().entitlements());
    }

    private PluginEntitlements inForce(Bundle bundle, String pluginId, EntitlementPolicy entitlements) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return PluginEntitlements.NONE;
        }
        // asked at every checked act: computed once per bundle revision and policy in force
        InForce known = inForce.get(bundle.getBundleId());
        if (known != null && known.revision() == revision && known.policy() == entitlements
                && known.pluginId().equals(pluginId)) {
            return known.entitlements();
        }
        PluginEntitlements computed = PluginEntitlements.inForce(DeclaredEntitlements.of(revision),
                entitlements.granted(pluginId));
        if (inForce.size() >= REMEMBERED) {
            inForce.clear();
        }
        inForce.put(bundle.getBundleId(), new InForce(revision, entitlements, pluginId, computed));
        return computed;
    }

    /** The entitlements in force for one bundle revision under one policy. */
    private record InForce(BundleRevision revision, EntitlementPolicy policy, String pluginId,
            PluginEntitlements entitlements) {
    }

    private List<StackAttribution.Actor> withStarters(List<StackAttribution.Actor> onStack) {
        List<Bundle> started = starters.of(Thread.currentThread());
        if (started.isEmpty()) {
            return onStack;
        }
        List<StackAttribution.Actor> all = new ArrayList<>(onStack);
        for (Bundle starter : started) {
            Classification level = classifier.classify(starter);
            if (StackAttribution.untrusted(level) && all.stream().noneMatch(actor -> actor.bundle() == starter)) {
                all.add(new StackAttribution.Actor(starter, level));
            }
        }
        return all;
    }

    private String pluginId(Bundle bundle) {
        return classifier.identity(bundle).map(PluginIdentity::pluginId)
                .orElseGet(() -> String.valueOf(bundle.getSymbolicName()));
    }
}
