package io.prsm.marketplace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Version;

import io.prsm.api.marketplace.PublishReport;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.ValidationReport;

/**
 * {@code publish JAR FOLDER}: a plugin is validated and scanned as an install would (a refusal
 * names every reason and is audited); a library (a bundle without {@code prsm.plugin}) must at
 * least be a bundle with a version. The jar is copied in as {@code ID-VERSION.jar} and the index is
 * rewritten; if that fails the jar is taken out again, so the folder stays as it was.
 *
 * <p>Concurrent semantics: not thread-safe; the caller serializes.
 */
final class Publisher {

    private final PluginManager plugins;
    private final MarketAudit audit;

    Publisher(PluginManager plugins, MarketAudit audit) {
        this.plugins = plugins;
        this.audit = audit;
    }

    PublishReport publish(String jarName, String folderName) throws PluginOperationException {
        Path jar = path(jarName, "jar");
        Path folder = path(folderName, "repository folder");
        if (!Files.isRegularFile(jar)) {
            throw new PluginOperationException("No file at " + jarName + "; give the path of a plugin jar (mvn package "
                    + "makes it under target/).");
        }
        byte[] content;
        Manifest manifest;
        try {
            content = Files.readAllBytes(jar);
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(content))) {
                manifest = in.getManifest();
            }
        } catch (IOException unreadable) {
            throw new PluginOperationException(jarName + " cannot be read as a jar: " + unreadable.getMessage() + ".");
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String capabilities = String.valueOf(main.getValue("Provide-Capability"));
        boolean library = !capabilities.contains(Listings.PLUGIN);
        String id;
        String version;
        if (library) {
            id = String.valueOf(main.getValue("Bundle-SymbolicName")).split(";", 2)[0].strip();
            version = bundleVersion(main, jarName);
        } else {
            ValidationReport report = plugins.validate(jar.toString());
            if (!report.valid()) {
                String reasons = String.join("\n  - ", report.problems());
                audit.denied(report.pluginId().isEmpty() ? jarName : report.pluginId(), "publish " + jarName + " to "
                        + folder, String.join("; ", report.problems()));
                throw new PluginOperationException("Refused to publish " + jarName + ":\n  - " + reasons);
            }
            id = report.pluginId();
            version = report.version();
        }
        Path target = folder.resolve(id + "-" + version + ".jar");
        try {
            Files.createDirectories(folder);
            if (Files.exists(target)) {
                if (Arrays.equals(Files.readAllBytes(target), content)) {
                    return report(id, version, library, target, content, new IndexedFolder(folder).reindex());
                }
                throw new PluginOperationException(folder + " holds another " + target.getFileName() + " already: "
                        + "a published version never changes. Raise the version and publish again.");
            }
            Path copy = IndexedFolder.newFile(folder, ".publish-");
            try {
                Files.write(copy, content);
                Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(copy);
            }
            int resources;
            try {
                resources = new IndexedFolder(folder).reindex();
            } catch (IOException | RuntimeException failed) {
                Files.deleteIfExists(target);
                throw failed;
            }
            audit.granted(id, "publish " + id + " " + version + " to " + folder, "published by the operator");
            return report(id, version, library, target, content, resources);
        } catch (IOException failed) {
            throw new PluginOperationException("Could not publish " + jarName + " to " + folder + ": "
                    + failed.getMessage() + ". The folder is as it was.");
        }
    }

    private static PublishReport report(String id, String version, boolean library, Path target, byte[] content,
            int resources) {
        return new PublishReport(id, version, library, target.toString(), RepositoryReader.sha256(content), resources);
    }

    private static String bundleVersion(Attributes main, String jarName) throws PluginOperationException {
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new PluginOperationException(jarName + " is neither a plugin (no prsm.plugin capability) nor an "
                    + "OSGi bundle (no Bundle-SymbolicName): only plugins and the library bundles they need can be "
                    + "published.");
        }
        try {
            return Version.parseVersion(main.getValue("Bundle-Version")).toString();
        } catch (IllegalArgumentException malformed) {
            throw new PluginOperationException(jarName + " has a malformed Bundle-Version (" + malformed.getMessage()
                    + "); give it major.minor.micro.");
        }
    }

    private static Path path(String name, String what) throws PluginOperationException {
        try {
            return Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException malformed) {
            throw new PluginOperationException("'" + name + "' is not a path of a " + what + " ("
                    + malformed.getReason() + ").");
        }
    }
}
