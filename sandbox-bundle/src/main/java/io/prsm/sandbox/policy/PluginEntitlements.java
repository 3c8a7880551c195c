package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Entitlements beyond a level's defaults: what a plugin declares in its manifest, what the
 * operator's policy grants it, and what is in force (the declared entries the policy grants).
 *
 * <p>Concurrent semantics: immutable.
 *
 * @param files paths (absolute, or relative to the plugin's data folder), each readable or also writable
 * @param outbound {@code host:port} patterns it may resolve and connect to ({@code *} for any host part or port)
 * @param inbound ports it may bind and accept on ({@code *} for any)
 * @param manageThreads whether it may start threads (isolated) and change threads it did not start
 */
public record PluginEntitlements(List<FileEntry> files, List<String> outbound, List<String> inbound,
        boolean manageThreads) {

    public static final PluginEntitlements NONE = new PluginEntitlements(List.of(), List.of(), List.of(), false);

    /** One file entry; {@code write} includes reading. */
    public record FileEntry(String path, boolean write) {
        public String mode() {
            return write ? "read_write" : "read";
        }

        @Override
        public String toString() {
            return path + ":" + mode();
        }
    }

    public PluginEntitlements {
        files = List.copyOf(files);
        outbound = List.copyOf(outbound);
        inbound = List.copyOf(inbound);
    }

    public boolean isEmpty() {
        return files.isEmpty() && outbound.isEmpty() && inbound.isEmpty() && !manageThreads;
    }

    /** The entries of {@code declared} that {@code granted} covers: a read_write grant covers a read declaration. */
    public static PluginEntitlements inForce(PluginEntitlements declared, PluginEntitlements granted) {
        List<FileEntry> files = new ArrayList<>();
        for (FileEntry wanted : declared.files()) {
            for (FileEntry grant : granted.files()) {
                if (grant.path().equals(wanted.path())) {
                    files.add(new FileEntry(wanted.path(), wanted.write() && grant.write()));
                    break;
                }
            }
        }
        return new PluginEntitlements(files, both(declared.outbound(), granted.outbound()),
                both(declared.inbound(), granted.inbound()), declared.manageThreads() && granted.manageThreads());
    }

    private static List<String> both(List<String> declared, List<String> granted) {
        Set<String> kept = new LinkedHashSet<>(declared);
        kept.retainAll(Set.copyOf(granted));
        return List.copyOf(kept);
    }
}
