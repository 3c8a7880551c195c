package io.prsm.sandbox.entitlements;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.sandbox.policy.PluginEntitlements;

/**
 * The entitlements a plugin declares: {@code prsm.entitlement} capabilities that the annotations
 * of {@code io.prsm.api.annotation} write ({@code @FileEntitlement}, {@code @OutboundNetwork},
 * {@code @InboundNetwork}, {@code @ManageThreads}). A declaration alone grants nothing; the
 * policy grants what it names.
 *
 * <pre>
 * Provide-Capability: prsm.entitlement;prsm.entitlement=files;path=imports;mode=read,
 *   prsm.entitlement;prsm.entitlement=outbound_network;hosts:List&lt;String&gt;="api.example.com:443"
 * </pre>
 *
 * <p>Concurrent semantics: stateless.
 */
public final class DeclaredEntitlements {

    public static final String NAMESPACE = "prsm.entitlement";

    private DeclaredEntitlements() {
    }

    public static PluginEntitlements of(BundleRevision revision) {
        List<PluginEntitlements.FileEntry> files = new ArrayList<>();
        List<String> outbound = new ArrayList<>();
        List<String> inbound = new ArrayList<>();
        boolean threads = false;
        for (BundleCapability capability : revision.getDeclaredCapabilities(NAMESPACE)) {
            Map<String, Object> attributes = capability.getAttributes();
            switch (String.valueOf(attributes.get(NAMESPACE))) {
                case "files" -> {
                    Object path = attributes.get("path");
                    if (path != null) {
                        files.add(new PluginEntitlements.FileEntry(path.toString(),
                                "read_write".equals(String.valueOf(attributes.get("mode")))));
                    }
                }
                case "outbound_network" -> outbound.addAll(strings(attributes.get("hosts")));
                case "inbound_network" -> inbound.addAll(strings(attributes.get("ports")));
                case "manage_threads" -> threads = true;
                default -> {
                    // an entitlement this gatekeeper does not know grants nothing
                }
            }
        }
        return new PluginEntitlements(files, outbound, inbound, threads);
    }

    /**
     * The thread limit the plugin declares ({@code @MaxThreads}): null when it declares none, -1
     * when what it declares is not a whole number from 0 to {@value ThreadLimit#MAX}.
     */
    public static Integer maxThreads(BundleRevision revision) {
        for (BundleCapability capability : revision.getDeclaredCapabilities(NAMESPACE)) {
            Map<String, Object> attributes = capability.getAttributes();
            if ("threads".equals(String.valueOf(attributes.get(NAMESPACE)))) {
                return ThreadLimit.declared(attributes.get("max"));
            }
        }
        return null;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
