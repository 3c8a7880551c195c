package io.prsm.marketplace;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.Version;
import org.osgi.resource.Resource;

import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.marketplace.Listing;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.marketplace.SearchQuery;
import io.prsm.api.runtime.PluginOperationException;

/**
 * Search over the repositories' indexes for {@link MarketplaceService}: what matches a query,
 * newest version first, and the versions of one plugin. One repository that cannot be read is
 * skipped with a warning, so it does not hide what the others offer; only when none can be read
 * does a search fail.
 *
 * <p>Concurrent semantics: thread-safe; searches run concurrently, each reading the list once.
 */
final class RepositorySearch {

    private static final Comparator<Listing> NEWEST_FIRST = Comparator.comparing(Listing::pluginId)
            .thenComparing(listing -> Version.parseVersion(listing.version()), Comparator.reverseOrder());

    private final RepositoryList repositories;
    private final RepositoryReader reader;

    RepositorySearch(RepositoryList repositories, RepositoryReader reader) {
        this.repositories = repositories;
        this.reader = reader;
    }

    /** The listings that match {@code query}, newest version first; a repository that cannot be read is skipped, said to {@code warnings}. */
    List<Listing> search(SearchQuery query, Consumer<String> warnings) throws PluginOperationException {
        if (!empty(query.type()) && PluginType.fromId(query.type()).isEmpty()) {
            throw new PluginOperationException("'" + query.type() + "' is no plugin type; give one of "
                    + Stream.of(PluginType.values()).map(PluginType::id).collect(Collectors.joining(", ")) + ".");
        }
        if (!empty(query.level()) && SecurityLevel.fromId(query.level()).isEmpty()) {
            throw new PluginOperationException("'" + query.level() + "' is no security level; give one of "
                    + Stream.of(SecurityLevel.values()).map(SecurityLevel::id).collect(Collectors.joining(", ")) + ".");
        }
        List<Listing> found = new ArrayList<>();
        List<Repository> all = repositories.all();
        int unreadable = 0;
        PluginOperationException last = null;
        for (Repository repository : all) {
            URI base = RepositoryReader.base(repository.location());
            List<Resource> resources;
            try {
                resources = reader.resources(repository);
            } catch (PluginOperationException broken) {
                // one repository down must not hide what the others offer
                unreadable++;
                last = unreadable(repository, broken);
                warnings.accept(skipped(repository, last));
                continue;
            }
            for (Resource resource : resources) {
                Listings.of(repository.name(), base, resource).filter(listing -> matches(listing, query))
                        .ifPresent(found::add);
            }
        }
        if (last != null && unreadable == all.size()) {
            throw last;
        }
        found.sort(NEWEST_FIRST);
        return found;
    }

    /** Every version of {@code pluginId} the repositories offer. */
    List<Listing> show(String pluginId, Consumer<String> warnings) throws PluginOperationException {
        List<Listing> versions = search(SearchQuery.all(), warnings).stream()
                .filter(l -> l.pluginId().equals(pluginId)).toList();
        if (versions.isEmpty()) {
            throw new PluginOperationException("No repository offers plugin '" + pluginId + "'. Run prsm:search to "
                    + "see what they offer, or prsm:repo list to see the repositories.");
        }
        return versions;
    }

    /**
     * A repository added already that cannot be read: the cause, then what to do (it was readable
     * when added, so its server or folder is what changed).
     */
    static PluginOperationException unreadable(Repository repository, PluginOperationException cause) {
        return new PluginOperationException(cause.getMessage().strip() + " Check its server or folder, or remove it "
                + "with prsm:repo remove " + repository.name() + ".", cause);
    }

    /** The line for a repository skipped because it {@link #unreadable could not be read}. */
    static String skipped(Repository repository, PluginOperationException unreadable) {
        return "Skipped repository " + repository.name() + ": " + unreadable.getMessage();
    }

    private static boolean matches(Listing listing, SearchQuery query) {
        String text = query.text() == null ? "" : query.text().toLowerCase(Locale.ROOT);
        return (text.isEmpty() || (listing.pluginId() + "\n" + listing.name() + "\n" + listing.description())
                .toLowerCase(Locale.ROOT).contains(text))
                && (empty(query.type()) || query.type().equals(listing.type()))
                && (empty(query.level()) || query.level().equals(listing.level()))
                && (empty(query.capability()) || listing.capabilities().contains(query.capability()));
    }

    private static boolean empty(String value) {
        return value == null || value.isEmpty();
    }
}
