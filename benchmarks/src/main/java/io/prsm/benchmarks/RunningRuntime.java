package io.prsm.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.prsm.api.runtime.PluginManager;
import io.prsm.runtime.embed.Distribution;
import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.embed.StorageFolders;

/**
 * A PRSM runtime started from the distribution's bundles ({@code -Dprsm.distribution}) in a
 * fresh storage folder, for benchmarks that need a real framework.
 *
 * <p>Concurrent semantics: started and stopped by one thread.
 */
final class RunningRuntime implements AutoCloseable {

    private final Path storage;
    private final PrsmRuntime runtime;
    private final BundleContext context;

    private RunningRuntime(Path storage, PrsmRuntime runtime, BundleContext context) {
        this.storage = storage;
        this.runtime = runtime;
        this.context = context;
    }

    static RunningRuntime start() throws Exception {
        return start(Map.of());
    }

    /** A runtime with further framework properties, such as task settings. */
    static RunningRuntime start(Map<String, String> frameworkProperties) throws Exception {
        String folder = System.getProperty("prsm.distribution");
        if (folder == null) {
            throw new IllegalStateException("Set -Dprsm.distribution to bndrun/target/export/prsm (benchmarks/run does)");
        }
        Path storage = Files.createTempDirectory("prsm-bench-");
        PrsmRuntime.Builder builder = PrsmRuntime.builder(storage).distribution(Distribution.fromFolder(Path.of(folder)));
        frameworkProperties.forEach(builder::property);
        PrsmRuntime runtime = builder.start();
        return new RunningRuntime(storage, runtime, runtime.bundleContext());
    }

    /** The storage folder: plugin data is in {@code plugins/<id>/data}. */
    Path storage() {
        return storage;
    }

    BundleContext context() {
        return context;
    }

    /** The plugin manager, typed: the runtime shares the API classes with this process. */
    PluginManager plugins() {
        return runtime.plugins();
    }

    Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new IllegalStateException("No bundle " + symbolicName);
    }

    /**
     * Installs and starts a sandbox plugin that is a manifest only: enough for the gatekeeper to
     * treat its bundle context as a plugin's.
     */
    Bundle installProbePlugin(int number, String optionalPermission) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "bench.probe." + number);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Name", "Lookup probe " + number);
        main.putValue("Bundle-Description", "A plugin that only looks services up, for the benchmarks");
        main.putValue("Provide-Capability", "prsm.plugin;prsm.plugin=probe-" + number
                + ";version:Version=\"1.0.0\";type=utility;security.level=sandbox;capabilities:List<String>=\"probing\";"
                + "memory:Long=1048576;cpu:Double=\"0.01\";storage:Long=1024");
        main.putValue("Require-Capability", "prsm.runtime;filter:=\"(version>=1.0.0)\",prsm.permission;filter:=\""
                + "(prsm.permission=" + optionalPermission + ")\";resolution:=optional");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            out.flush();
        }
        Bundle bundle = context.installBundle("bench:probe-" + number, new ByteArrayInputStream(jar.toByteArray()));
        bundle.start();
        return bundle;
    }

    @Override
    public void close() throws Exception {
        try {
            runtime.close();
        } finally {
            StorageFolders.delete(storage);
        }
    }
}
