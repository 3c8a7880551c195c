package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.resource.Resource;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * Everything the readable repositories offer at one moment, each resource with the repository it came
 * from; earlier repositories first, so the resolver prefers them.
 *
 * <p>Concurrent semantics: immutable after {@link #read}.
 */
record Offer(List<Resource> all, Map<Resource, Repository> origins, List<String> skipped) {

    /**
     * What the repositories that can be read offer; one that cannot is skipped (and named in
     * {@link #skipped}), so one server down does not stop installs from the others.
     *
     * @throws PluginOperationException if none can be read
     */
    static Offer read(RepositoryReader reader, List<Repository> repositories) throws PluginOperationException {
        List<Resource> all = new ArrayList<>();
        Map<Resource, Repository> origins = new IdentityHashMap<>();
        List<String> skipped = new ArrayList<>();
        PluginOperationException last = null;
        for (Repository repository : repositories) {
            List<Resource> resources;
            try {
                resources = reader.resources(repository);
            } catch (PluginOperationException broken) {
                last = RepositorySearch.unreadable(repository, broken);
                skipped.add(RepositorySearch.skipped(repository, last));
                continue;
            }
            for (Resource resource : resources) {
                all.add(resource);
                origins.put(resource, repository);
            }
        }
        if (last != null && skipped.size() == repositories.size()) {
            throw last;
        }
        return new Offer(List.copyOf(all), origins, List.copyOf(skipped));
    }

    /** What the repositories that {@link Origins#admits admit} after {@code origin} offer; {@code origin}'s first. */
    Offer admittedBy(Repository origin) {
        List<Resource> admitted = new ArrayList<>();
        all.stream().filter(r -> origins.get(r).equals(origin)).forEach(admitted::add);
        all.stream().filter(r -> !origins.get(r).equals(origin) && Origins.admits(origin, origins.get(r)))
                .forEach(admitted::add);
        return new Offer(List.copyOf(admitted), origins, skipped);
    }

    /** What {@code repository} alone offers. */
    Offer from(Repository repository) {
        return new Offer(all.stream().filter(r -> origins.get(r).equals(repository)).toList(), origins, skipped);
    }

    Repository origin(Resource resource) {
        return origins.get(resource);
    }
}
