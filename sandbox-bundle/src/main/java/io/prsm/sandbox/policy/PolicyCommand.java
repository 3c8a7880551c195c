package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.Quote;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.entitlements.EntitlementGuard;
import io.prsm.sandbox.entitlements.EntitlementText;
import io.prsm.sandbox.entitlements.EntitlementsLayer;
import io.prsm.sandbox.entitlements.Suggestion;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * {@code prsm:policy} shows the policy in force; {@code prsm:policy reload} reads
 * {@code policy.json} again. A reload that succeeds republishes the permission catalogue and
 * refreshes the plugins holding a grant the new policy takes away; plugins that were refused
 * resolve against the new policy when they are started again.
 *
 * <p>Concurrent semantics: a reload reads and parses the file holding no lock; only publishing
 * the policy in force and refreshing plugins is serialized, so a slow or hostile file never
 * blocks another command.
 */
public final class PolicyCommand {

    private static final java.time.Duration REFRESH_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final BundleContext context;
    private final PolicyHolder policy;
    private final PolicyFile file;
    private final AuditSink audit;
    private final Object publishing = new Object();

    private final EntitlementsLayer entitlements;

    public PolicyCommand(BundleContext context, PolicyHolder policy, PolicyFile file, AuditSink audit,
            EntitlementsLayer entitlements) {
        this.context = context;
        this.policy = policy;
        this.file = file;
        this.audit = audit;
        this.entitlements = entitlements;
    }

    @Descriptor("Show the gatekeeper's policy in force: permissions, what each level may be granted and use, "
            + "trusted plugins, the signers required of marketplace repositories, per-plugin rules")
    public String policy(@Descriptor("print the policy in force as JSON")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        PolicyHolder.Snapshot snapshot = policy.current();
        Policy p = snapshot.policy();
        if (json) {
            return PolicyJson.write(snapshot.revision(), file.toString(), p);
        }
        // an operator told "from FILE" goes looking for a file that is not there
        StringBuilder out = new StringBuilder("Policy revision " + snapshot.revision()
                + (!snapshot.defaults() ? " from " + file : ": the defaults (" + file
                        + " does not exist; write it and run prsm:policy reload to change them)") + "\n");
        out.append("Permissions:  ").append(String.join(", ", p.permissions().stream().sorted().toList())).append('\n');
        for (SecurityLevel level : List.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED)) {
            out.append(level.id()).append(": may be granted ")
                    .append(String.join(", ", p.grantable().getOrDefault(level, java.util.Set.of()).stream().sorted()
                            .toList()))
                    .append("; may use ").append(String.join(", ", p.packages().getOrDefault(level, List.of())))
                    .append('\n');
        }
        out.append("Trusted:      ").append(p.trusted().isEmpty() ? "nobody" : p.trusted().entrySet().stream()
                .map(e -> e.getKey() + (e.getValue().isEmpty() ? "" : " (signed by " + e.getValue() + ")"))
                .collect(Collectors.joining(", "))).append('\n');
        out.append("Repositories: ").append(p.repositories().describe()).append('\n');
        for (Map.Entry<String, Policy.PluginRules> rules : p.plugins().entrySet()) {
            out.append("Plugin ").append(rules.getKey()).append(": grant ").append(rules.getValue().grant())
                    .append(", deny ").append(rules.getValue().deny()).append('\n');
        }
        out.append(entitlements.status()).append('\n');
        for (Map.Entry<String, PluginEntitlements> grant : p.entitlements().grants().entrySet()) {
            out.append("Entitlements granted to ").append(grant.getKey()).append(": ")
                    .append(EntitlementText.of(grant.getValue())).append('\n');
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("In mode audit, print the entitlements a plugin used that enforce would refuse, as a policy.json "
            + "entry: prsm:policy suggest PLUGIN")
    public String policy(@Descriptor("suggest") String action, @Descriptor("plugin id") String pluginId) {
        if (!"suggest".equals(action)) {
            throw new IllegalArgumentException("Unknown action '" + Quote.prefix(action) + "'. Use prsm:policy suggest "
                    + "PLUGIN to print the entitlements a plugin used in mode audit.");
        }
        EntitlementGuard guard = entitlements.guard().orElseThrow(() -> new IllegalStateException(
                "The entitlement agent is not loaded, so nothing was observed; " + entitlements.status()));
        if (!policy.current().policy().entitlements().audit()) {
            throw new IllegalStateException("The entitlements are in mode enforce, so nothing was let through to "
                    + "observe. Set \"entitlements\": {\"mode\": \"audit\"} in " + file + ", run prsm:policy reload, "
                    + "exercise the plugin, then ask again.");
        }
        return Suggestion.of(pluginId, guard.used(pluginId));
    }

    @Descriptor("Reload the policy: prsm:policy reload")
    public String policy(@Descriptor("reload") String action) throws Exception {
        if ("--json".equals(action)) {
            // Gogo may hand the flag to this variant; it means the same as policy(true)
            return policy(true);
        }
        if (!"reload".equals(action)) {
            throw new IllegalArgumentException("Unknown action '" + Quote.prefix(action) + "'. Use prsm:policy to show "
                    + "the policy, prsm:policy reload to read " + file + " again.");
        }
        PolicyHolder.Reload reload = policy.load(file);
        if (!reload.applied()) {
            String problems = String.join("\n  - ", reload.problems());
            audit.record(AuditEvent.denied("-", -1, "policy", "reload " + file, String.join("; ", reload.problems())));
            throw new IllegalArgumentException(file + " was not applied; the policy in force is kept:\n  - " + problems);
        }
        synchronized (publishing) {
            return publish();
        }
    }

    /** Publishes the policy now in force (the latest, whichever reload put it there) and refreshes what it revokes. */
    private String publish() throws Exception {
        Policy now = policy.current().policy();
        PermissionCatalog.publish(context, now);
        List<Bundle> revoked = revokedGrants(now);
        if (!revoked.isEmpty()) {
            refresh(revoked);
        }
        audit.record(AuditEvent.granted("-", -1, "policy", "reload " + file, "revision " + policy.current().revision()));
        return "Policy revision " + policy.current().revision() + " is in force."
                + (revoked.isEmpty() ? "" : " Refreshed, because the new policy takes a grant or its trust away: "
                        + revoked.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", ")) + ".");
    }

    /** Refreshes {@code bundles} and waits until the framework has, so the command reports a done state. */
    private void refresh(List<Bundle> bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> refreshed.countDown());
        if (!refreshed.await(REFRESH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("The policy is in force, but refreshing " + bundles.size()
                    + " plugin(s) took longer than " + REFRESH_TIMEOUT.toSeconds() + " s; see prsm:list");
        }
    }

    private List<Bundle> revokedGrants(Policy now) {
        List<Bundle> revoked = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            Optional<PluginIdentity> identity = revision == null ? Optional.empty() : PluginIdentity.of(revision);
            if (wiring == null || identity.isEmpty() || identity.get().level().isEmpty()) {
                continue;
            }
            if (identity.get().level().get() == io.prsm.api.SecurityLevel.TRUSTED
                    && !now.trust(identity.get().pluginId(), io.prsm.platform.PlatformBundles.signers(bundle)).allowed()) {
                // trust taken away: resolved again, the plugin is refused
                revoked.add(bundle);
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires("prsm.permission")) {
                String permission = String.valueOf(wire.getCapability().getAttributes().get("prsm.permission"));
                if (!now.grant(identity.get().pluginId(), identity.get().level().get(), permission).allowed()) {
                    revoked.add(bundle);
                    break;
                }
            }
        }
        return revoked;
    }
}
