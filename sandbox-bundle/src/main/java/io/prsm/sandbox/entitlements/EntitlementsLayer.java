package io.prsm.sandbox.entitlements;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.wiring.FrameworkWiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PolicyHolder;

/**
 * Puts the run-time layer in force when the JVM has the agent: installs the
 * {@link EntitlementGuard} in the bridge, and removes it again on stop. Without the agent (a host
 * that did not load it, or did not export {@code io.prsm.bridge} to the framework) it says so
 * loudly, once, and {@link #agentLoaded()} is false: untrusted plugins are then refused unless the
 * policy accepts install-time checks only ({@code entitlements.without_agent}).
 *
 * <p>Concurrent semantics: started and stopped on the gatekeeper's activator thread; the status
 * may be read from any thread.
 */
public final class EntitlementsLayer {

    private static final Logger LOG = LoggerFactory.getLogger(EntitlementsLayer.class);

    private final PolicyHolder policy;
    private static final String COMMON_POOL_FACTORY = "java.util.concurrent.ForkJoinPool.common.threadFactory";

    private final boolean agentLoaded;
    private final EntitlementGuard guard;

    private EntitlementsLayer(PolicyHolder policy, boolean agentLoaded, EntitlementGuard guard) {
        this.policy = policy;
        this.agentLoaded = agentLoaded;
        this.guard = guard;
    }

    /**
     * @param pluginsRoot where the plugins' data folders are ({@code <storage>/plugins})
     */
    public static EntitlementsLayer start(PolicyHolder policy, BundleClassifier classifier, AuditSink audit,
            Path pluginsRoot) {
        return start(policy, classifier, audit, pluginsRoot, ThreadLimit.DEFAULT);
    }

    /** @param threadLimit how many threads one untrusted plugin may run at once */
    public static EntitlementsLayer start(PolicyHolder policy, BundleClassifier classifier, AuditSink audit,
            Path pluginsRoot, int threadLimit) {
        if (!bridgeLinked() || !io.prsm.bridge.Entitlements.agentLoaded()) {
            LOG.error("The PRSM entitlement agent is not loaded in this JVM: file, network, process and JVM-wide acts "
                    + "of plugins are not checked where they happen. Untrusted plugins are refused unless policy.json "
                    + "says \"entitlements\": {\"without_agent\": \"install_time_checks\"}. Load it with "
                    + "-javaagent:prsm-agent.jar (see docs/embedding.md).");
            return new EntitlementsLayer(policy, false, null);
        }
        EntitlementGuard guard = new EntitlementGuard(policy, classifier, audit,
                new EntitlementRules(pluginsRoot, Path.of(System.getProperty("java.home"))), threadLimit);
        io.prsm.bridge.Entitlements.install(guard);
        if (!commonPoolWorkersClean()) {
            LOG.warn("The common pool's threads keep the context class loader of whichever thread made them (JDK {}, "
                    + "the agent was loaded after the pool was made): a plugin's task there may read the runtime's or "
                    + "another plugin's class loader. Load the agent at JVM start (prsm.jar, -javaagent) or start the "
                    + "JVM with -D{}=io.prsm.bridge.CommonPoolThreads (see docs/security.md).", Runtime.version().feature(),
                    COMMON_POOL_FACTORY);
        }
        return new EntitlementsLayer(policy, true, guard);
    }

    /**
     * Whether the common pool's workers get the system class loader as context loader, whoever makes
     * them: JDK 19 and later do it themselves; on JDK 17 and 18 the agent's factory does, when the
     * agent was loaded before the pool was made.
     */
    static boolean commonPoolWorkersClean() {
        return Runtime.version().feature() >= 19 || java.util.concurrent.ForkJoinPool.commonPool().getFactory()
                .getClass().getName().equals("io.prsm.bridge.CommonPoolThreads");
    }

    /**
     * Registers {@link PluginCodeMarks} (after every other weaving hook of the gatekeeper, so the
     * scan sees the plugin's own bytes) and, when no plugin bundle had a class loader before it,
     * lets the guard report clean stacks: the fast path. A plugin bundle already resolved may have
     * loaded classes no hook counted; then every check walks, for this layer's life.
     *
     * @return the registration to remove on stop, or empty without the agent
     */
    public java.util.Optional<ServiceRegistration<WeavingHook>> countPluginCode(BundleContext context,
            BundleClassifier classifier) {
        if (guard == null) {
            return java.util.Optional.empty();
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
        ServiceRegistration<WeavingHook> registration = context.registerService(WeavingHook.class,
                new PluginCodeMarks(classifier, guard::woven), properties);
        List<Bundle> withLoaders = new ArrayList<>(context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                .adapt(FrameworkWiring.class).getRemovalPendingBundles());
        for (Bundle bundle : context.getBundles()) {
            if ((bundle.getState() & (Bundle.INSTALLED | Bundle.UNINSTALLED)) == 0) {
                withLoaders.add(bundle);
            }
        }
        List<String> uncounted = withLoaders.stream().filter(bundle -> classifier.classify(bundle) != Classification.PLATFORM)
                .map(bundle -> bundle.getSymbolicName() + " " + bundle.getVersion()).toList();
        if (uncounted.isEmpty()) {
            guard.countingPluginCode();
        } else {
            LOG.info("Plugin bundles were resolved before the gatekeeper started ({}): every entitlement check walks "
                    + "the stack until the next start", String.join(", ", uncounted));
        }
        return java.util.Optional.of(registration);
    }

    public void stop() {
        if (guard != null) {
            io.prsm.bridge.Entitlements.uninstall(guard);
        }
    }

    /** Whether the agent checks acts at the JDK's sinks. */
    public boolean agentLoaded() {
        return agentLoaded;
    }

    /** Whether untrusted plugins may run: always with the agent, without it only if the policy accepts that. */
    public boolean untrustedAllowed() {
        return agentLoaded || policy.current().policy().entitlements().installTimeChecksOnly();
    }

    /**
     * Why an untrusted plugin is refused in this JVM, or empty when it may run: without the agent
     * nothing checks what it does at run time, and the policy did not accept that.
     */
    public java.util.Optional<String> untrustedRefusal() {
        return untrustedAllowed() ? java.util.Optional.empty() : java.util.Optional.of("the entitlement agent is not "
                + "loaded in this JVM, so nothing would check this plugin's file, network, process and JVM-wide acts; "
                + "load it (-javaagent, see docs/embedding.md), or accept install-time checks only with "
                + "\"entitlements\": {\"without_agent\": \"install_time_checks\"} in policy.json");
    }

    /** One line for {@code prsm:policy} and the health report. */
    public String status() {
        if (!agentLoaded) {
            return "entitlements: NOT ENFORCED (no agent in this JVM); untrusted plugins are "
                    + (untrustedAllowed() ? "accepted with install-time checks only, as the policy says"
                            : "refused");
        }
        return "entitlements: " + policy.current().policy().entitlements().mode() + " (agent loaded; "
                + (guard.skipsThreadsWithoutPluginCode() ? "threads no plugin code ran on are not walked"
                        : "every check walks the stack: plugin bundles were resolved before the gatekeeper started")
                + ")";
    }

    /** The guard, when the agent is loaded. */
    public java.util.Optional<EntitlementGuard> guard() {
        return java.util.Optional.ofNullable(guard);
    }

    private static boolean bridgeLinked() {
        try {
            Class.forName("io.prsm.bridge.Entitlements", false, EntitlementsLayer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
