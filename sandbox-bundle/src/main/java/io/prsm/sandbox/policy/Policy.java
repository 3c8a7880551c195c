package io.prsm.sandbox.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.prsm.api.SecurityLevel;

/**
 * One immutable version of the operator's policy.
 *
 * <p>Concurrent semantics: immutable; deep-copied on construction.
 *
 * @param permissions every permission the runtime knows; a plugin may be granted only these
 * @param grantable per untrusted level, the permissions a plugin of that level may be granted
 *        when it declares them
 * @param packages per untrusted level, the packages (a trailing {@code .*} includes subpackages)
 *        it may wire to besides {@code java.*}
 * @param trusted plugin ids allowed to run at the trusted level, each with the certificate subject
 *        that must have signed its jar, or an empty string when any jar will do
 * @param plugins per plugin id, permissions granted or denied beyond its level's rules
 * @param tokens the bearer tokens of HTTP callers, each with the permissions it carries
 * @param allow per untrusted level, the entries the operator adds to the JDK allow-list shipped
 *        with the gatekeeper (same syntax as its lines)
 * @param entitlements the run-time layer's mode and the entitlements granted per plugin
 * @param containment thread caps per level and what happens over the CPU share
 * @param repositories who must have signed the jars installed from each marketplace repository
 */
public record Policy(Set<String> permissions, Map<SecurityLevel, Set<String>> grantable,
        Map<SecurityLevel, List<String>> packages, Map<String, String> trusted, Map<String, PluginRules> plugins,
        List<ApiToken> tokens, Map<SecurityLevel, List<String>> allow, EntitlementPolicy entitlements,
        ContainmentPolicy containment, RepositoryRules repositories) {

    /**
     * Packages no plugin may wire to, not even a trusted one: the internal contract between the
     * runtime and the gatekeeper.
     */
    public static final List<String> NEVER_PLUGINS = List.of("io.prsm.platform.*");

    /** Packages no untrusted plugin may wire to, whatever the policy says. */
    public static final List<String> NEVER_UNTRUSTED = List.of("org.osgi.framework.hooks.*",
            "org.osgi.framework.wiring", "org.osgi.framework.launch", "org.osgi.service.cm");

    /**
     * Per-plugin exceptions to the level's rules.
     *
     * @param grant permissions granted although the level may not have them
     * @param deny permissions refused although the level may have them
     */
    public record PluginRules(Set<String> grant, Set<String> deny) {
        public PluginRules {
            grant = Set.copyOf(grant);
            deny = Set.copyOf(deny);
        }
    }

    public Policy {
        permissions = Set.copyOf(permissions);
        grantable = Map.copyOf(grantable);
        packages = Map.copyOf(packages);
        trusted = Map.copyOf(trusted);
        plugins = Map.copyOf(plugins);
        tokens = List.copyOf(tokens);
        allow = Map.copyOf(allow);
    }

    /** A policy with the default containment (see {@link ContainmentPolicy#DEFAULT}) and no rule for marketplace repositories. */
    public Policy(Set<String> permissions, Map<SecurityLevel, Set<String>> grantable,
            Map<SecurityLevel, List<String>> packages, Map<String, String> trusted, Map<String, PluginRules> plugins,
            List<ApiToken> tokens, Map<SecurityLevel, List<String>> allow, EntitlementPolicy entitlements) {
        this(permissions, grantable, packages, trusted, plugins, tokens, allow, entitlements, ContainmentPolicy.DEFAULT,
                RepositoryRules.NONE);
    }

    /** A policy with the default entitlements (enforce, nothing granted). */
    public Policy(Set<String> permissions, Map<SecurityLevel, Set<String>> grantable,
            Map<SecurityLevel, List<String>> packages, Map<String, String> trusted, Map<String, PluginRules> plugins,
            List<ApiToken> tokens, Map<SecurityLevel, List<String>> allow) {
        this(permissions, grantable, packages, trusted, plugins, tokens, allow, EntitlementPolicy.DEFAULT);
    }

    /** A policy that adds nothing to the shipped allow-list. */
    public Policy(Set<String> permissions, Map<SecurityLevel, Set<String>> grantable,
            Map<SecurityLevel, List<String>> packages, Map<String, String> trusted, Map<String, PluginRules> plugins,
            List<ApiToken> tokens) {
        this(permissions, grantable, packages, trusted, plugins, tokens, Map.of());
    }

    /** The token {@code presented} is, if the policy issued it. */
    public Optional<ApiToken> authenticate(String presented) {
        // the digest once, not once a token: a policy of thousands of tokens costs each request one hash
        return authenticateDigest(ApiToken.digest(presented));
    }

    /** The token whose SHA-256 digest (lower-case hex) is {@code digest}, if the policy issues it. */
    public Optional<ApiToken> authenticateDigest(String digest) {
        ApiToken found = null;
        for (ApiToken token : tokens) {
            // look at every token, so the time taken does not tell which one was close
            if (token.matchesDigest(digest) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code permission} is granted to plugin {@code pluginId} running at {@code level}. */
    public Decision grant(String pluginId, SecurityLevel level, String permission) {
        if (!permissions.contains(permission)) {
            return Decision.deny("permission " + permission + " is not defined by the policy; add it to "
                    + "\"permissions\" in policy.json");
        }
        PluginRules rules = plugins.get(pluginId);
        if (rules != null && rules.deny().contains(permission)) {
            return Decision.deny("the policy denies " + permission + " to plugin " + pluginId
                    + " (plugins." + pluginId + ".deny in policy.json)");
        }
        if (rules != null && rules.grant().contains(permission)) {
            return Decision.allow("the policy grants " + permission + " to plugin " + pluginId);
        }
        if (level == SecurityLevel.TRUSTED) {
            return Decision.allow("trusted plugins are granted every defined permission they declare");
        }
        if (grantable.getOrDefault(level, Set.of()).contains(permission)) {
            return Decision.allow(level.id() + " plugins may be granted " + permission);
        }
        return Decision.deny(level.id() + " plugins may not be granted " + permission + "; grant it to this plugin "
                + "with plugins." + pluginId + ".grant in policy.json, or add it to levels." + level.id()
                + ".grantable");
    }

    /**
     * Whether plugin {@code pluginId} may run at the trusted level.
     *
     * @param signers the subjects of the certificates that signed its jar (empty if unsigned)
     */
    public Decision trust(String pluginId, Set<String> signers) {
        String requiredSigner = trusted.get(pluginId);
        if (requiredSigner == null) {
            return Decision.deny("plugin " + pluginId + " declares the trusted level but the policy does not trust it; "
                    + "add it to \"trusted\" in policy.json, or declare level sandbox");
        }
        if (!requiredSigner.isEmpty() && !signers.contains(requiredSigner)) {
            return Decision.deny("plugin " + pluginId + " is trusted only when signed by " + requiredSigner
                    + ", and its jar is " + (signers.isEmpty() ? "unsigned" : "signed by " + signers));
        }
        return Decision.allow("the policy trusts plugin " + pluginId
                + (requiredSigner.isEmpty() ? "" : " signed by " + requiredSigner));
    }

    /** Whether a plugin at {@code level} may wire to {@code packageName}. */
    public Decision wire(SecurityLevel level, String packageName) {
        if (NEVER_PLUGINS.stream().anyMatch(pattern -> matches(pattern, packageName))) {
            return Decision.deny(packageName + " is the internal contract between the runtime and the gatekeeper; "
                    + "no plugin may use it");
        }
        if (level == SecurityLevel.TRUSTED || packageName.startsWith("java.")) {
            return Decision.allow(level == SecurityLevel.TRUSTED ? "trusted plugins may use every package"
                    : "java.* packages are checked by the bytecode layer");
        }
        Optional<String> never = NEVER_UNTRUSTED.stream().filter(pattern -> matches(pattern, packageName)).findFirst();
        if (never.isPresent()) {
            return Decision.deny(packageName + " is never available to untrusted plugins");
        }
        Optional<String> allowed = packages.getOrDefault(level, List.of()).stream()
                .filter(pattern -> matches(pattern, packageName)).findFirst();
        return allowed.map(pattern -> Decision.allow(level.id() + " plugins may use " + pattern))
                .orElseGet(() -> Decision.deny(level.id() + " plugins may not use package " + packageName
                        + "; allow it in levels." + level.id() + ".packages in policy.json if it is safe"));
    }

    static boolean matches(String pattern, String packageName) {
        if (pattern.endsWith(".*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return packageName.equals(base) || packageName.startsWith(base + ".");
        }
        return packageName.equals(pattern);
    }
}
