package io.prsm.marketplace;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import aQute.bnd.osgi.resource.ResourceUtils;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.platform.JarSigners;

/**
 * Who must have signed a jar from a repository: when the repository names signers, every jar from
 * it (plugin or library) must be signed as a whole by one of them; a plugin of level
 * {@code trusted} is installed only from a repository that names signers. Fails closed: an
 * unreadable signature is no signature. Every refusal is audited.
 *
 * <p>Concurrent semantics: stateless apart from the audit, which is thread-safe.
 */
final class Trust {

    private final MarketAudit audit;
    private final Gatekeeper policy;

    Trust(MarketAudit audit, Gatekeeper policy) {
        this.audit = audit;
        this.policy = policy;
    }

    /**
     * The subjects that signed {@code jar} as a whole (empty if none), once it may be installed from
     * {@code repository}: signed by one of the repository's own signers ({@code --signed-by}) if it
     * names any, and by one of the signers the policy requires for it if the policy names any; both
     * rules apply, so the stricter wins.
     */
    Set<String> check(Resource resource, byte[] jar, Repository repository) throws PluginOperationException {
        Optional<Map<String, Object>> plugin = Listings.first(resource, Listings.PLUGIN).map(Capability::getAttributes);
        boolean trusted = plugin.map(p -> "trusted".equals(p.get("security.level"))).orElse(false);
        List<String> required = policy.requiredFor(repository.name());
        Set<String> signers = signers(jar);
        if (repository.signers().isEmpty() && required.isEmpty()) {
            if (trusted) {
                refuse(resource, repository, List.of(), "a plugin of level trusted is installed from a repository only "
                        + "when someone must have signed it: add the repository again with --signed-by SUBJECT, or "
                        + "name the signers in repositories." + repository.name() + ".signed_by of policy.json");
            }
            return signers;
        }
        if (!repository.signers().isEmpty() && !signedByOneOf(signers, repository.signers())) {
            refuse(resource, repository, repository.signers(), (signers.isEmpty()
                    ? "it is not signed (or a signed entry was changed)" : "it is signed by " + signers)
                    + ", but repository '" + repository.name() + "' requires a signature by "
                    + String.join(" or ", repository.signers()));
        }
        if (!required.isEmpty() && !signedByOneOf(signers, required)) {
            refuse(resource, repository, required, (signers.isEmpty()
                    ? "it is not signed (or a signed entry was changed)" : "it is signed by " + signers)
                    + ", but the policy (\"repositories\" in policy.json) requires jars from repository '"
                    + repository.name() + "' to be signed by " + String.join(" or ", required));
        }
        return signers;
    }

    private static boolean signedByOneOf(Set<String> signers, List<String> accepted) {
        return signers.stream().anyMatch(s -> accepted.stream().anyMatch(r -> Signers.same(r, s)));
    }

    /** Audits the refusal naming the repository, the jar and the subjects expected, then throws. */
    private void refuse(Resource resource, Repository repository, List<String> expected, String reason)
            throws PluginOperationException {
        String what = Listings.name(resource);
        ResourceUtils.ContentCapability content = ResourceUtils.getContentCapability(resource);
        String jar = content == null || content.url() == null ? "" : " (jar " + content.url() + ")";
        audit.denied(what, "install " + what + jar + " from repository " + repository.name(), reason
                + (expected.isEmpty() ? "" : "; expected signers: " + String.join(" or ", expected)));
        throw new PluginOperationException("Refused " + what + " from repository '" + repository.name() + "': "
                + reason + ". Nothing was installed.");
    }

    /** Fails closed: an unreadable signature is no signature. */
    private static Set<String> signers(byte[] jar) {
        try {
            return JarSigners.of(jar);
        } catch (IOException unreadable) {
            return Set.of();
        }
    }
}
