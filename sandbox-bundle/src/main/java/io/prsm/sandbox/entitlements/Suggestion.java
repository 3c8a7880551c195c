package io.prsm.sandbox.entitlements;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prsm.limits.PlatformJson;

/**
 * What {@code prsm:policy suggest P} prints: the entitlements plugin {@code P} used in mode audit
 * that enforce would have refused, as the {@code entitlements.grants.P} entry of policy.json and
 * the annotations the plugin must declare, plus what no entitlement can allow.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Suggestion {

    private static final ObjectMapper JSON = PlatformJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Suggestion() {
    }

    public static String of(String pluginId, Collection<Act> used) {
        if (used.isEmpty()) {
            return "Plugin " + pluginId + " did nothing that its entitlements do not allow (since the gatekeeper "
                    + "started, in mode audit).";
        }
        TreeMap<String, String> files = new TreeMap<>();
        TreeSet<String> outbound = new TreeSet<>();
        TreeSet<String> inbound = new TreeSet<>();
        TreeSet<String> never = new TreeSet<>();
        boolean threads = false;
        for (Act act : used) {
            if (act.subject() instanceof SinkActs.Unchecked || act.subject() == SinkActs.Foreign.VALUE) {
                // a link, a file relative to an open directory, an HTTP client's redirects: no grant names them
                never.add(act.operation().id() + " " + act.target());
                continue;
            }
            switch (act.operation()) {
                case FILE_READ -> files.putIfAbsent(act.target(), "read");
                case FILE_WRITE -> files.put(act.target(), "read_write");
                case CONNECT -> outbound.add(act.target().contains(":") ? act.target() : act.target() + ":*");
                case INBOUND -> inbound.add(act.target());
                case START_THREAD, MANAGE_THREAD -> threads = true;
                default -> never.add(act.operation().id() + " " + act.target());
            }
        }
        Map<String, Object> grant = new TreeMap<>();
        if (!files.isEmpty()) {
            grant.put("files", files.entrySet().stream().map(e -> Map.of("path", e.getKey(), "mode", e.getValue())).toList());
        }
        if (!outbound.isEmpty()) {
            grant.put("outbound_network", List.copyOf(outbound));
        }
        if (!inbound.isEmpty()) {
            grant.put("inbound_network", List.copyOf(inbound));
        }
        if (threads) {
            grant.put("manage_threads", true);
        }
        StringBuilder out = new StringBuilder();
        try {
            out.append("policy.json, entitlements.grants.").append(pluginId).append(":\n")
                    .append(JSON.writeValueAsString(grant)).append('\n');
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        out.append("The plugin must declare the same with @FileEntitlement, @OutboundNetwork, @InboundNetwork and "
                + "@ManageThreads (io.prsm.api.annotation).");
        if (!never.isEmpty()) {
            out.append("\nNo entitlement allows these below trusted: ").append(String.join("; ", never));
        }
        return out.toString();
    }
}
