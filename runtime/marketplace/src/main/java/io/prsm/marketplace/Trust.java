package io.prsm.marketplace;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

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

    Trust(MarketAudit audit) {
        this.audit = audit;
    }

    /** The subjects that signed {@code jar} as a whole (empty if none), once it may be installed from {@code repository}. */
    Set<String> check(Resource resource, byte[] jar, Repository repository) throws PluginOperationException {
        Optional<Map<String, Object>> plugin = Listings.first(resource, Listings.PLUGIN).map(Capability::getAttributes);
        String what = Listings.name(resource);
        boolean trusted = plugin.map(p -> "trusted".equals(p.get("security.level"))).orElse(false);
        if (repository.signers().isEmpty()) {
            if (trusted) {
                refuse(what, repository, "a plugin of level trusted is installed from a repository only when the "
                        + "repository names who must have signed it; add it again with --signed-by SUBJECT");
            }
            return signers(jar);
        }
        Set<String> signers = signers(jar);
        if (signers.stream().noneMatch(s -> repository.signers().stream().anyMatch(r -> Signers.same(r, s)))) {
            refuse(what, repository, (signers.isEmpty() ? "it is not signed (or a signed entry was changed)"
                    : "it is signed by " + signers) + ", but repository '" + repository.name() + "' requires a "
                    + "signature by " + String.join(" or ", repository.signers()));
        }
        return signers;
    }

    /** Fails closed: an unreadable signature is no signature. */
    private static Set<String> signers(byte[] jar) {
        try {
            return JarSigners.of(jar);
        } catch (IOException unreadable) {
            return Set.of();
        }
    }

    private void refuse(String what, Repository repository, String reason) throws PluginOperationException {
        audit.denied(what, "install " + what + " from repository " + repository.name(), reason);
        throw new PluginOperationException("Refused " + what + " from repository '" + repository.name() + "': "
                + reason + ". Nothing was installed.");
    }
}
