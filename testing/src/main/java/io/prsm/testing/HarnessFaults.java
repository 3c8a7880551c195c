package io.prsm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * What a {@link PluginHarness} does to the plugin's surroundings to see how it copes (a platform
 * bundle stopped, its store failing, memory pressure) and how it reads what the plugin stored.
 * Each fault is undone by closing the handle it returns.
 *
 * <p>Concurrent semantics: stateless; each call stands alone.
 */
final class HarnessFaults {

    private static final long MEGABYTE = 1 << 20;

    private HarnessFaults() {
    }

    /** Stops the bundle {@code symbolicName} transiently; closing the handle starts it again. */
    static AutoCloseable stopBundle(BundleContext context, String symbolicName) throws BundleException {
        Bundle bundle = null;
        for (Bundle candidate : context.getBundles()) {
            if (symbolicName.equals(candidate.getSymbolicName())) {
                bundle = candidate;
            }
        }
        if (bundle == null) {
            throw new IllegalArgumentException("No platform bundle " + symbolicName + " is installed");
        }
        Bundle stopped = bundle;
        stopped.stop(Bundle.STOP_TRANSIENT);
        return () -> stopped.start(Bundle.START_TRANSIENT);
    }

    /** Every complete entry in the plugin's data folder {@code data}, by key. */
    static SortedMap<String, String> entries(Path data) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        if (!Files.isDirectory(data)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = file.getFileName().toString();
                // a write in progress goes to KEY.tmp and is moved over KEY when complete
                if (Files.isRegularFile(file) && !key.endsWith(".tmp")) {
                    entries.put(key, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return entries;
    }

    /** Puts a file where the data folder {@code data} was; closing the handle puts the folder back. */
    static AutoCloseable failStorage(Path data) throws IOException {
        Files.createDirectories(data);
        Path aside = data.resolveSibling("data.harness-failed");
        Files.move(data, aside);
        Files.writeString(data, "the harness made this plugin's store fail; it is not a folder");
        return () -> {
            Files.delete(data);
            Files.move(aside, data);
        };
    }

    /** Holds {@code megabytes} of heap, at most half of what is free now, until the handle is closed. */
    static AutoCloseable holdHeap(long megabytes) {
        Runtime jvm = Runtime.getRuntime();
        long free = jvm.maxMemory() - (jvm.totalMemory() - jvm.freeMemory());
        long chunks = Math.min(megabytes, free / 2 / MEGABYTE);
        List<byte[]> held = new ArrayList<>();
        for (long i = 0; i < chunks; i++) {
            held.add(new byte[(int) MEGABYTE]);
        }
        return held::clear;
    }
}
