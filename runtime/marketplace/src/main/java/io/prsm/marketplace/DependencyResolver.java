package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.resolver.Logger;
import org.apache.felix.resolver.ResolverImpl;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wire;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolutionException;
import org.osgi.service.resolver.ResolveContext;

import aQute.bnd.osgi.resource.ResourceUtils;

/**
 * Which repository resources a plugin needs besides itself: the OSGi resolver (Felix's) over the
 * framework's resolved bundles, as they are wired now, and the repositories' resources, preferring
 * what is installed (bundles installed but not resolved yet come after the repositories'). The answer is the plugin and the libraries to install with it; nothing here
 * installs anything.
 *
 * <p>Concurrent semantics: one instance per resolution; not thread-safe.
 */
final class DependencyResolver extends ResolveContext {

    private final Resource plugin;
    private final Map<Resource, Wiring> installed = new HashMap<>();
    private final List<Capability> installedCapabilities = new ArrayList<>();
    /** Installed bundles not resolved yet: the framework resolves them with the plugin, they are never installed again. */
    private final Set<Resource> unresolved = new java.util.HashSet<>();
    private final List<Resource> available;
    /** The resolver's answer, once {@link #resolve} ran. */
    private Map<Resource, List<Wire>> wires = Map.of();

    /**
     * @param bundles the framework's bundles now
     * @param available every resource of every repository, in the order to prefer them
     */
    DependencyResolver(Resource plugin, Bundle[] bundles, List<Resource> available) {
        this.plugin = plugin;
        this.available = available;
        for (Bundle bundle : bundles) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            BundleWiring wiring = revision == null ? null : revision.getWiring();
            if (wiring != null && wiring.isCurrent()) {
                installed.put(revision, wiring);
                installedCapabilities.addAll(wiring.getResourceCapabilities(null));
            } else if (revision != null && bundle.getState() == Bundle.INSTALLED) {
                // such as the gatekeeper's permission catalogue, which nothing has resolved yet (in Karaf, or
                // after a policy reload): its capabilities are there for the plugin all the same
                unresolved.add(revision);
            }
        }
    }

    /** The resources to install: the libraries by name, then the plugin; none of them is installed yet. */
    List<Resource> resolve() throws ResolutionException {
        wires = new ResolverImpl(new Logger(Logger.LOG_ERROR)).resolve(this);
        Set<Resource> toInstall = new LinkedHashSet<>();
        for (Resource resource : wires.keySet()) {
            if (!installed.containsKey(resource) && !unresolved.contains(resource) && !resource.equals(plugin)) {
                toInstall.add(resource);
            }
        }
        List<Resource> ordered = new ArrayList<>(toInstall);
        // the resolver's answer has no order; the operator sees the same list for the same plan
        ordered.sort(Comparator.comparing((Resource r) -> ResourceUtils.getIdentity(r))
                .thenComparing(r -> ResourceUtils.getIdentityVersion(r)));
        ordered.add(plugin);
        return ordered;
    }

    /**
     * The libraries installed already (location {@code prsm:library/}) that the resolved plugin or its
     * new libraries wire to, and the libraries those are wired to in turn: code the plugin will call
     * that is not in the plan.
     */
    Set<Bundle> installedLibraries() {
        Set<Bundle> found = new LinkedHashSet<>();
        for (List<Wire> required : wires.values()) {
            for (Wire wire : required) {
                if (wire.getProvider() instanceof BundleRevision provider && installed.containsKey(provider)) {
                    addLibrary(provider.getBundle(), found);
                }
            }
        }
        return found;
    }

    private static void addLibrary(Bundle bundle, Set<Bundle> found) {
        if (!LibraryJanitor.isLibrary(bundle) || !found.add(bundle)) {
            return;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                addLibrary(wire.getProvider().getBundle(), found);
            }
        }
    }

    @Override
    public Collection<Resource> getMandatoryResources() {
        return List.of(plugin);
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        List<Capability> found = new ArrayList<>();
        for (Capability capability : installedCapabilities) {
            if (ResourceUtils.matches(requirement, capability)) {
                found.add(capability);
            }
        }
        for (Resource resource : available) {
            if (!installed.containsKey(resource)) {
                addMatching(found, requirement, resource);
            }
        }
        // last: a bundle that may never resolve must not displace a repository's good one
        for (Resource resource : unresolved) {
            addMatching(found, requirement, resource);
        }
        return found;
    }

    private static void addMatching(List<Capability> found, Requirement requirement, Resource resource) {
        for (Capability capability : resource.getCapabilities(requirement.getNamespace())) {
            if (ResourceUtils.matches(requirement, capability)) {
                found.add(capability);
            }
        }
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hosted) {
        capabilities.add(hosted);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return installed;
    }

}
