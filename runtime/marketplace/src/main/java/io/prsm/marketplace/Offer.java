package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.resource.Resource;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * Everything the repositories offer at one moment, each resource with the repository it came
 * from; earlier repositories first, so the resolver prefers them.
 *
 * <p>Concurrent semantics: immutable after {@link #read}.
 */
record Offer(List<Resource> all, Map<Resource, Repository> origins) {

    static Offer read(RepositoryReader reader, List<Repository> repositories) throws PluginOperationException {
        List<Resource> all = new ArrayList<>();
        Map<Resource, Repository> origins = new IdentityHashMap<>();
        for (Repository repository : repositories) {
            for (Resource resource : reader.resources(repository)) {
                all.add(resource);
                origins.put(resource, repository);
            }
        }
        return new Offer(List.copyOf(all), origins);
    }

    /** What the repositories that {@link Origins#admits admit} after {@code origin} offer; {@code origin}'s first. */
    Offer admittedBy(Repository origin) {
        List<Resource> admitted = new ArrayList<>();
        all.stream().filter(r -> origins.get(r).equals(origin)).forEach(admitted::add);
        all.stream().filter(r -> !origins.get(r).equals(origin) && Origins.admits(origin, origins.get(r)))
                .forEach(admitted::add);
        return new Offer(List.copyOf(admitted), origins);
    }

    Repository origin(Resource resource) {
        return origins.get(resource);
    }
}
