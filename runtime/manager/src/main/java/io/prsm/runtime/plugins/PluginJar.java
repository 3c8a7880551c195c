package io.prsm.runtime.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import io.prsm.api.runtime.PluginOperationException;

/**
 * A plugin jar read into memory from a file path or URL, checked to be a complete jar, with its
 * manifest headers. Reading it whole first means a truncated or corrupt download is refused
 * before anything is installed.
 *
 * <p>Concurrent semantics: immutable.
 */
public record PluginJar(String location, byte[] content, Map<String, String> headers) {

    /** Plugin jars are small; this bounds memory use when someone points at something else. */
    static final int MAX_SIZE = 256 * 1024 * 1024;

    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    private static final String USAGE = "Give the path of a plugin jar, or a file:, http: or https: URL.";

    public PluginJar {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads the jar at {@code pathOrUrl}. A file is named by its absolute {@code file:} URI, which
     * becomes the bundle location.
     *
     * @throws PluginOperationException saying what could not be read and what to give instead
     */
    public static PluginJar read(String pathOrUrl) throws PluginOperationException {
        if (pathOrUrl == null || pathOrUrl.isBlank()) {
            throw new PluginOperationException("No jar given. " + USAGE);
        }
        String trimmed = pathOrUrl.trim();
        if (URL_SCHEME.matcher(trimmed).matches() && !trimmed.startsWith("file:")) {
            return readUrl(trimmed);
        }
        Path path = toPath(trimmed);
        byte[] content;
        try {
            if (Files.isDirectory(path)) {
                throw new PluginOperationException(path + " is a directory, not a jar. " + USAGE);
            }
            if (Files.size(path) > MAX_SIZE) {
                throw new PluginOperationException(path + " is larger than " + (MAX_SIZE >> 20) + " MB; that is not "
                        + "a plugin jar.");
            }
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            throw new PluginOperationException("No file at " + path + ". " + USAGE);
        } catch (IOException unreadable) {
            throw new PluginOperationException("Cannot read " + path + ": " + unreadable.getMessage());
        }
        return parse(path.toUri().toString(), content);
    }

    private static Path toPath(String pathOrFileUrl) throws PluginOperationException {
        try {
            if (pathOrFileUrl.startsWith("file:")) {
                URI uri = new URI(pathOrFileUrl);
                // file:relative/x.jar has no absolute path; read it relative to the working directory
                String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
                return Path.of(path).toAbsolutePath().normalize();
            }
            return Path.of(pathOrFileUrl).toAbsolutePath().normalize();
        } catch (URISyntaxException | InvalidPathException malformed) {
            throw new PluginOperationException("'" + pathOrFileUrl + "' is not a valid path or file: URL ("
                    + malformed.getMessage() + "). " + USAGE);
        }
    }

    private static PluginJar readUrl(String url) throws PluginOperationException {
        URL parsed;
        try {
            parsed = new URI(url).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException malformed) {
            throw new PluginOperationException("'" + url + "' is not a valid URL (" + malformed.getMessage() + "). "
                    + USAGE);
        }
        try (InputStream in = parsed.openStream()) {
            byte[] content = in.readNBytes(MAX_SIZE + 1);
            if (content.length > MAX_SIZE) {
                throw new PluginOperationException(url + " is larger than " + (MAX_SIZE >> 20) + " MB; that is not a "
                        + "plugin jar.");
            }
            return parse(url, content);
        } catch (IOException unreachable) {
            throw new PluginOperationException("Cannot download " + url + ": " + unreachable
                    + ". Check the URL, or download the jar and give its path.");
        }
    }

    /** Checks that {@code content} is a complete jar with a manifest and reads its headers. */
    static PluginJar parse(String location, byte[] content) throws PluginOperationException {
        Manifest manifest = null;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries++;
                if ("META-INF/MANIFEST.MF".equalsIgnoreCase(entry.getName())) {
                    manifest = new Manifest(zip);
                } else {
                    // reading every entry checks its CRC: a truncated or corrupt jar fails here
                    zip.transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (ZipException | IllegalArgumentException corrupt) {
            throw new PluginOperationException(location + " is not a valid jar (" + corrupt.getMessage()
                    + "). Rebuild it, or check that the download is complete.");
        } catch (IOException unreadable) {
            throw new PluginOperationException(location + " is not a valid jar (" + unreadable
                    + "). Rebuild it, or check that the download is complete.");
        }
        if (entries == 0) {
            throw new PluginOperationException(location + " is not a jar: it holds no entries. Give the plugin jar "
                    + "that mvn package writes to target/.");
        }
        if (manifest == null) {
            throw new PluginOperationException(location + " has no META-INF/MANIFEST.MF, so it is not an OSGi bundle. "
                    + "Build it with bnd (bnd-maven-plugin).");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> header : manifest.getMainAttributes().entrySet()) {
            headers.put(((Attributes.Name) header.getKey()).toString(), String.valueOf(header.getValue()));
        }
        return new PluginJar(location, content, headers);
    }
}
