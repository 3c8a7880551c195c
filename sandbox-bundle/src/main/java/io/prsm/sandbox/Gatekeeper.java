package io.prsm.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.platform.AuditTrail;
import io.prsm.platform.EntitlementsView;
import io.prsm.platform.RepositorySigners;
import io.prsm.platform.PluginVerifier;
import io.prsm.sandbox.audit.AuditCommand;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.FileAuditLog;
import io.prsm.sandbox.bytecode.BytecodeScanner;
import io.prsm.sandbox.bytecode.CachingVerifier;
import io.prsm.sandbox.bytecode.AllowListInForce;
import io.prsm.sandbox.bytecode.InstallScanner;
import io.prsm.sandbox.bytecode.ScanMode;
import io.prsm.sandbox.bytecode.ScanVerdicts;
import io.prsm.sandbox.bytecode.ScanningWeavingHook;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.entitlements.EntitlementsLayer;
import io.prsm.sandbox.entitlements.EntitlementsReport;
import io.prsm.sandbox.http.EndpointPaths;
import io.prsm.sandbox.policy.PermissionCatalog;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JarLimits;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Settings;
import io.prsm.sandbox.policy.PolicyCommand;
import io.prsm.sandbox.policy.PolicyFile;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.policy.PolicyParser;
import io.prsm.sandbox.resolve.GatekeeperResolverHookFactory;
import io.prsm.sandbox.services.GatekeeperServiceHooks;
import io.prsm.sandbox.services.PluginViews;
import io.prsm.sandbox.services.ServiceOrigins;

/**
 * Puts the gatekeeper in force. It runs at a start level below every plugin, so its layers are
 * in place before the first plugin resolves: it loads {@code policy.json} from the storage folder,
 * or the file the framework property {@code prsm.policy} names (the defaults when there is none;
 * a malformed one is reported and the defaults stay; {@link PolicyFile} says what is read, within
 * which limits), opens
 * the audit log in {@code audit/}, publishes the permission catalogue, scans the bytecode of
 * plugins already installed and of every plugin installed from now on, and registers the
 * resolver hook, the weaving hook that scans each class again as it is defined, the service
 * find and event-listener hooks, and the {@link PluginVerifier} the plugin manager asks before
 * it installs. Then it secures the HTTP API and connects hooks to Event Admin
 * ({@link ApiAndHookServices}). All framework hooks are wired here, not by Declarative Services,
 * so nothing can resolve in between.
 *
 * <p>Concurrent semantics: the framework calls start and stop on one thread.
 */
public final class Gatekeeper implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);
    private static final long AUDIT_FILE_BYTES = 10L * 1024 * 1024;
    private static final int AUDIT_FILES_KEPT = 5;
    private static final Duration AUDIT_FOLD_WINDOW = Duration.ofMinutes(1);

    private FileAuditLog audit;
    private ThreadPoolExecutor scanThreads;
    private InstallScanner scanner;
    private ScanVerdicts verdicts;
    private ServiceRegistration<ResolverHookFactory> resolverHook;
    private ServiceRegistration<PluginVerifier> verifier;
    private ServiceRegistration<AuditTrail> auditTrail;
    private ServiceRegistration<AuditCommand> command;
    private ServiceRegistration<PolicyCommand> policyCommand;
    private BundleClassifier classifier;
    private PluginViews views;
    private PlatformManifestRules manifestRules;
    private ServiceRegistration<?> serviceHooks;
    private ServiceRegistration<WeavingHook> weavingHook;
    private Optional<ServiceRegistration<WeavingHook>> pluginCodeMarks = Optional.empty();
    private final ApiAndHookServices apiAndHooks = new ApiAndHookServices();
    private EntitlementsLayer entitlements;
    private ServiceRegistration<EntitlementsView> entitlementsView;
    private ServiceRegistration<io.prsm.platform.PluginContainment> pluginContainment;
    private ServiceRegistration<RepositorySigners> repositorySigners;
    private SynchronousBundleListener threadStopper;
    private StrayPluginCode strayCode;

    @Override
    public void start(BundleContext context) throws Exception {
        Path storage = storage(context);
        audit = new FileAuditLog(storage.resolve("audit"), AUDIT_FILE_BYTES, AUDIT_FILES_KEPT, AUDIT_FOLD_WINDOW,
                Clock.systemUTC());
        JsonLimits json = setting(() -> JsonLimits.from(context::getProperty), JsonLimits.DEFAULTS);
        PolicyHolder policy = new PolicyHolder(PolicyParser.defaults(), json);
        PolicyFile policyFile = policyFile(context, storage);
        PolicyHolder.Reload loaded = policy.load(policyFile);
        if (!loaded.applied()) {
            String problems = String.join("; ", loaded.problems());
            LOG.error("{} is not applied, the default policy is in force: {}", policyFile, problems);
            audit.record(AuditEvent.denied("-", -1, "policy", "load " + policyFile, problems));
        }
        PermissionCatalog.publish(context, policy.current().policy());
        classifier = new BundleClassifier(policy);
        context.addBundleListener(classifier);
        // the run-time layer before anything a plugin could run: it checks at the JDK's sinks
        entitlements = EntitlementsLayer.start(policy, classifier, audit, storage.resolve("plugins"),
                setting(() -> io.prsm.sandbox.entitlements.ThreadLimit.from(context::getProperty),
                        io.prsm.sandbox.entitlements.ThreadLimit.DEFAULT));
        // the threads a plugin started stop with it
        threadStopper = event -> {
            if (event.getType() == BundleEvent.STOPPED) {
                entitlements.guard().ifPresent(guard -> guard.stopThreadsOf(event.getBundle()));
            }
        };
        context.addBundleListener(threadStopper);
        // and its code on threads that are not its own (the JDK's common pool, a lifecycle thread)
        strayCode = new StrayPluginCode(classifier, audit);
        context.addBundleListener(strayCode);
        ScanMode scanMode = setting(() -> ScanMode.from(context::getProperty), ScanMode.ENFORCE);
        BytecodeScanner bytecode = new BytecodeScanner(new AllowListInForce(policy),
                setting(() -> JarLimits.from(context::getProperty), JarLimits.DEFAULTS));
        File verdictFile = context.getDataFile("scan-verdicts.json");
        verdicts = verdictFile == null ? ScanVerdicts.inMemory() : ScanVerdicts.load(verdictFile.toPath());
        manifestRules = new PlatformManifestRules(context, classifier, audit, () -> recheck(context));
        int parallelism = Runtime.getRuntime().availableProcessors();
        scanThreads = new ThreadPoolExecutor(parallelism, parallelism, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Gatekeeper::scanThread);
        scanThreads.allowCoreThreadTimeOut(true);
        scanner = new InstallScanner(bytecode, scanThreads, parallelism, verdicts, audit, manifestRules::inForce,
                classifier, scanMode, context.getProperty(Constants.FRAMEWORK_BOOTDELEGATION));
        context.addBundleListener(scanner);
        recheck(context);
        manifestRules.open();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        resolverHook = context.registerService(ResolverHookFactory.class,
                new GatekeeperResolverHookFactory(policy, audit, bundleId -> noAgent(context, bundleId)
                        .or(() -> scanner.reasonFor(bundleId)), classifier), properties);
        weavingHook = context.registerService(WeavingHook.class,
                new ScanningWeavingHook(bytecode, audit, classifier, scanMode, entitlements.agentLoaded()), properties);
        pluginCodeMarks = entitlements.countPluginCode(context, classifier);
        if (!scanMode.refuses()) {
            // said once the layer knows whether it counts plugin code, so the status is the one in force
            LOG.warn("{}=report: the bytecode scan reports what it finds and refuses nothing; the entitlement agent "
                    + "is the only wall ({})", ScanMode.PROPERTY, entitlements.status());
        }
        views = new PluginViews(classifier);
        context.addBundleListener(views);
        ServiceOrigins origins = new ServiceOrigins(views, audit, new EndpointPaths());
        serviceHooks = context.registerService(new String[] { FindHook.class.getName(),
                EventListenerHook.class.getName() }, new GatekeeperServiceHooks(views, audit, origins), properties);
        verifier = context.registerService(PluginVerifier.class, new CachingVerifier(bytecode, policy, audit,
                entitlements::untrustedRefusal, scanMode, context.getProperty(Constants.FRAMEWORK_BOOTDELEGATION)), null);
        auditTrail = context.registerService(AuditTrail.class, new AuditTrail() {
            @Override
            public void denied(String pluginId, long bundleId, String layer, String request, String reason) {
                audit.record(AuditEvent.denied(pluginId, bundleId, layer, request, reason));
            }

            @Override
            public void granted(String pluginId, long bundleId, String layer, String request, String reason) {
                audit.record(AuditEvent.granted(pluginId, bundleId, layer, request, reason));
            }
        }, null);
        Dictionary<String, Object> commandProperties = new Hashtable<>();
        commandProperties.put("osgi.command.scope", "prsm");
        commandProperties.put("osgi.command.function", new String[] { "audit" });
        command = context.registerService(AuditCommand.class, new AuditCommand(audit), commandProperties);
        Dictionary<String, Object> policyProperties = new Hashtable<>();
        policyProperties.put("osgi.command.scope", "prsm");
        policyProperties.put("osgi.command.function", new String[] { "policy" });
        policyCommand = context.registerService(PolicyCommand.class,
                new PolicyCommand(context, policy, policyFile, audit, entitlements), policyProperties);
        entitlementsView = context.registerService(EntitlementsView.class,
                new EntitlementsReport(entitlements, policy, classifier), null);
        // the runtime's containment charges a plugin with the threads it started (memory guard, CPU share)
        pluginContainment = context.registerService(io.prsm.platform.PluginContainment.class,
                new io.prsm.sandbox.entitlements.ContainmentFacts(entitlements, policy), null);
        // read at every install, so a policy reload applies to the next one
        repositorySigners = context.registerService(RepositorySigners.class,
                repository -> policy.current().policy().repositories().requiredFor(repository), null);
        apiAndHooks.start(context, policy, views, audit, BoundedJson.of(json));
        // with every hook in force: the rest of the platform in one resolve instead of one per bundle start
        PlatformResolution.resolveTogether(context, classifier);
    }

    /** Why an untrusted plugin may not resolve in a JVM without the entitlement agent, unless the policy accepts it. */
    private java.util.Optional<String> noAgent(BundleContext context, long bundleId) {
        Bundle bundle = context.getBundle(bundleId);
        Classification level = bundle == null ? Classification.UNKNOWN : classifier.classify(bundle);
        return level == Classification.PLATFORM || level == Classification.TRUSTED_PLUGIN ? java.util.Optional.empty()
                : entitlements.untrustedRefusal();
    }

    private void recheck(BundleContext context) {
        for (Bundle installed : context.getBundles()) {
            scanner.check(installed);
        }
    }

    @Override
    public void stop(BundleContext context) throws IOException {
        entitlementsView.unregister();
        pluginContainment.unregister();
        repositorySigners.unregister();
        apiAndHooks.stop();
        manifestRules.close();
        policyCommand.unregister();
        serviceHooks.unregister();
        weavingHook.unregister();
        pluginCodeMarks.ifPresent(ServiceRegistration::unregister);
        context.removeBundleListener(views);
        context.removeBundleListener(classifier);
        context.removeBundleListener(threadStopper);
        context.removeBundleListener(strayCode);
        strayCode.close();
        command.unregister();
        auditTrail.unregister();
        verifier.unregister();
        resolverHook.unregister();
        context.removeBundleListener(scanner);
        scanThreads.shutdownNow();
        verdicts.save();
        entitlements.stop();
        audit.close();
    }

    /**
     * A limit setting, or its default when the operator's value does not parse: the gatekeeper
     * must start whatever the settings say (without it nothing guards the plugins), and the
     * defaults are safe. The launcher refuses such a value before anything starts; an application
     * that embeds the bundles gets this line in its log.
     */
    static <T> T setting(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (IllegalArgumentException wrong) {
            LOG.error("{}; the gatekeeper uses the default instead", wrong.getMessage());
            return fallback;
        }
    }

    /** Scan threads are the gatekeeper's: they must not keep a plugin's class loader as context. */
    private static Thread scanThread(Runnable work) {
        Thread thread = new Thread(work, "prsm-scan");
        thread.setDaemon(true);
        thread.setContextClassLoader(Gatekeeper.class.getClassLoader());
        return thread;
    }

    /**
     * {@code prsm.policy} when the host names a policy file (the embedding API does), read wherever
     * it is; else the storage folder's, which may not be a link out of that folder. Either is read
     * within {@value PolicyFile#MAX_BYTES}.
     */
    private static PolicyFile policyFile(BundleContext context, Path storage) {
        String configured = context.getProperty("prsm.policy");
        long maxBytes = setting(() -> Settings.size(context::getProperty, PolicyFile.MAX_BYTES,
                PolicyFile.DEFAULT_MAX_BYTES), PolicyFile.DEFAULT_MAX_BYTES);
        return configured != null && !configured.isBlank() ? new PolicyFile(Path.of(configured), null, maxBytes)
                : new PolicyFile(storage.resolve("policy.json"), storage, maxBytes);
    }

    private static Path storage(BundleContext context) {
        String storage = context.getProperty("prsm.storage");
        return storage != null && !storage.isBlank() ? Path.of(storage) : context.getDataFile("").toPath();
    }
}
