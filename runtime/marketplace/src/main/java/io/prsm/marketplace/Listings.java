package io.prsm.marketplace;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

import aQute.bnd.osgi.resource.CapabilityBuilder;
import aQute.bnd.osgi.resource.ResourceBuilder;
import aQute.bnd.osgi.resource.ResourceUtils;
import io.prsm.api.marketplace.Listing;

/**
 * Reads a plugin's listing from its resource in an index, and adds to the index what the manifest
 * says only in plain headers ({@code Bundle-Name}, {@code Bundle-Description},
 * {@code Bundle-Vendor}) as a {@code prsm.listing} capability, so a search needs no jar.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Listings {

    static final String PLUGIN = "prsm.plugin";
    static final String PERMISSION = "prsm.permission";
    static final String ENTITLEMENT = "prsm.entitlement";
    static final String LISTING = "prsm.listing";
    static final String CONTENT = "osgi.content";
    static final String IDENTITY = "osgi.identity";
    private static final Pattern PERMISSION_FILTER = Pattern.compile("\\(prsm\\.permission=([^)]*)\\)");
    private static final Map<String, String> HEADERS = Map.of("name", "Bundle-Name", "description",
            "Bundle-Description", "vendor", "Bundle-Vendor");

    private Listings() {
    }

    /** The indexer's hook: one {@code prsm.listing} capability with the plain headers the jar has. */
    static void addListing(File jar, ResourceBuilder resource) throws Exception {
        Manifest manifest;
        try (JarFile file = new JarFile(jar)) {
            manifest = file.getManifest();
        }
        if (manifest == null) {
            return;
        }
        Attributes main = manifest.getMainAttributes();
        CapabilityBuilder listing = new CapabilityBuilder(LISTING);
        for (Map.Entry<String, String> header : new TreeMap<>(HEADERS).entrySet()) {
            String value = main.getValue(header.getValue());
            if (value != null && !value.isBlank()) {
                listing.addAttribute(header.getKey(), value.strip());
            }
        }
        resource.addCapability(listing);
    }

    /** The listing of {@code resource} if it is a plugin; empty for a library. */
    static Optional<Listing> of(String repository, URI base, Resource resource) {
        Optional<Capability> plugin = first(resource, PLUGIN);
        if (plugin.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> p = plugin.get().getAttributes();
        Map<String, Object> listing = first(resource, LISTING).map(Capability::getAttributes).orElse(Map.of());
        Map<String, Object> content = first(resource, CONTENT).map(Capability::getAttributes).orElse(Map.of());
        List<String> permissions = new ArrayList<>();
        for (Requirement required : resource.getRequirements(PERMISSION)) {
            Matcher name = PERMISSION_FILTER.matcher(String.valueOf(required.getDirectives().get("filter")));
            if (name.find()) {
                permissions.add(name.group(1)
                        + ("optional".equals(required.getDirectives().get("resolution")) ? " (optional)" : ""));
            }
        }
        List<String> entitlements = new ArrayList<>();
        for (Capability entitlement : resource.getCapabilities(ENTITLEMENT)) {
            entitlements.add(String.valueOf(new TreeMap<>(entitlement.getAttributes())));
        }
        String url = text(content.get("url"));
        return Optional.of(new Listing(repository, text(p.get(PLUGIN)), text(p.get("version")), text(p.get("type")),
                text(p.get("security.level")), strings(p.get("capabilities")), permissions, entitlements,
                strings(p.get("task.types")), text(listing.get("name")), text(listing.get("description")),
                text(listing.get("vendor")), url.isEmpty() ? "" : base.resolve(url).toString(),
                text(content.get(CONTENT)).toLowerCase(Locale.ROOT)));
    }

    /** A plugin by its id and version, as every other message names it; a library by its symbolic name and version. */
    static String name(Resource resource) {
        return first(resource, PLUGIN).map(Capability::getAttributes)
                .map(p -> p.get(PLUGIN) + " " + p.get("version"))
                .orElse(ResourceUtils.getIdentity(resource) + " " + ResourceUtils.getIdentityVersion(resource));
    }

    static Optional<Capability> first(Resource resource, String namespace) {
        List<Capability> capabilities = resource.getCapabilities(namespace);
        return capabilities.isEmpty() ? Optional.empty() : Optional.of(capabilities.get(0));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return value == null || String.valueOf(value).isEmpty() ? List.of() : List.of(String.valueOf(value));
    }
}
