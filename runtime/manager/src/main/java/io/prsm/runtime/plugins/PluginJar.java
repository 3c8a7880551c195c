package io.prsm.runtime.plugins;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.BoundedFile;
import io.prsm.limits.JarInspection;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarInspector;
import io.prsm.limits.JarLimits;
import io.prsm.limits.OverLimitException;
import io.prsm.limits.Quote;

/**
 * A plugin jar read into memory from a file path or URL and inspected within the
 * {@link JarLimits} (see {@link JarInspector}), with its manifest headers and what the framework
 * would refuse in it. Reading and inspecting it whole first means a truncated, corrupt or
 * oversized jar is refused before the framework or the gatekeeper reads a byte of it.
 *
 * @param problems what the framework would refuse or the scan could not trust, one line each
 *
 * <p>Concurrent semantics: immutable.
 */
public record PluginJar(String location, byte[] content, Map<String, String> headers, List<String> problems) {

    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    private static final String USAGE = "Give the path of a plugin jar, or a file:, http: or https: URL.";
    /** How much of a path or URL a message shows. */
    private static final int SHOWN = 300;

    public PluginJar {
        headers = Map.copyOf(headers);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the jar at {@code pathOrUrl} and inspects it with {@code inspector}. A file is named
     * by its absolute {@code file:} URI, which becomes the bundle location.
     *
     * @throws PluginOperationException saying what could not be read and what to give instead
     */
    public static PluginJar read(String pathOrUrl, JarInspector inspector) throws PluginOperationException {
        return read(pathOrUrl, null, inspector, JarDownload.from(name -> null, (url, read, total) -> { }));
    }

    /**
     * Reads the jar at {@code pathOrUrl} (a URL through {@code download}), checks its SHA-256
     * against {@code expectedSha256} when one is given, and inspects it with {@code inspector}.
     *
     * @param expectedSha256 the 64 hex digits the jar's SHA-256 must be, or null for no check
     * @throws PluginOperationException saying what could not be read and what to give instead
     */
    public static PluginJar read(String pathOrUrl, String expectedSha256, JarInspector inspector,
            JarDownload download) throws PluginOperationException {
        String expected = JarDigest.expected(expectedSha256);
        if (pathOrUrl == null || pathOrUrl.isBlank()) {
            throw new PluginOperationException("No jar given. " + USAGE);
        }
        String trimmed = pathOrUrl.trim();
        return URL_SCHEME.matcher(trimmed).matches() && !trimmed.startsWith("file:")
                ? readUrl(trimmed, inspector, download, expected) : readFile(trimmed, inspector, expected);
    }

    private static PluginJar readFile(String trimmed, JarInspector inspector, String expected)
            throws PluginOperationException {
        Path path = toPath(trimmed);
        byte[] content;
        try {
            // a named pipe or a device would block or never end: only a regular file of bounded size is read
            content = BoundedFile.read(path, inspector.limits().maxJarBytes(), JarLimits.MAX_JAR_BYTES, null);
        } catch (NoSuchFileException missing) {
            throw new PluginOperationException("No file at " + shown(path) + ". " + USAGE);
        } catch (OverLimitException tooLarge) {
            throw new PluginOperationException("Refused " + shown(path) + ": " + tooLarge.getMessage());
        } catch (IOException unreadable) {
            throw new PluginOperationException("Cannot read " + shown(path) + ": "
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), SHOWN) + ". " + USAGE);
        }
        JarDigest.check(path.toUri().toString(), content, expected);
        return parse(path.toUri().toString(), content, inspector);
    }

    private static String shown(Object pathOrUrl) {
        return Quote.prefix(String.valueOf(pathOrUrl), SHOWN);
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
            throw new PluginOperationException("'" + shown(pathOrFileUrl) + "' is not a valid path or file: URL ("
                    + Quote.prefix(malformed instanceof URISyntaxException uri ? uri.getReason()
                            : ((InvalidPathException) malformed).getReason(), SHOWN) + "). " + USAGE);
        }
    }

    private static PluginJar readUrl(String url, JarInspector inspector, JarDownload download, String expected)
            throws PluginOperationException {
        URL parsed;
        try {
            parsed = new URI(url).toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException malformed) {
            throw new PluginOperationException("'" + shown(url) + "' is not a valid URL ("
                    + Quote.prefix(String.valueOf(malformed.getMessage()), SHOWN) + "). " + USAGE);
        }
        byte[] content;
        try {
            content = download.fetch(parsed, inspector.limits().maxJarBytes());
        } catch (OverLimitException tooLarge) {
            throw new PluginOperationException("Refused " + shown(url) + ": " + tooLarge.getMessage());
        } catch (IOException unreachable) {
            if (unreachable instanceof InterruptedIOException && !(unreachable instanceof SocketTimeoutException)) {
                // the operator cancelled (Ctrl-C) or the runtime is stopping: nothing about the URL to check
                throw new PluginOperationException("Cancelled the download of " + shown(url) + ": "
                        + Quote.prefix(String.valueOf(unreachable.getMessage()), SHOWN) + "; nothing was installed.");
            }
            throw new PluginOperationException("Cannot download " + shown(url) + ": "
                    + Quote.prefix(String.valueOf(unreachable.getMessage()), SHOWN) + ". Check the URL, or download the "
                    + "jar and give its path.");
        }
        JarDigest.check(url, content, expected);
        return parse(url, content, inspector);
    }

    /** Inspects {@code content} within the limits: a complete jar with a manifest, its headers and problems. */
    static PluginJar parse(String location, byte[] content, JarInspector inspector) throws PluginOperationException {
        JarInspection inspection;
        try {
            inspection = inspector.inspect(content);
        } catch (OverLimitException overLimit) {
            throw new PluginOperationException("Refused " + shown(location) + ": " + overLimit.getMessage());
        } catch (ZipException corrupt) {
            throw new PluginOperationException(shown(location) + " is not a valid jar (" + corrupt.getMessage()
                    + "). Rebuild it, or check that the download is complete.");
        } catch (IOException unreadable) {
            throw new PluginOperationException(shown(location) + " cannot be checked: "
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), SHOWN));
        }
        if (inspection.entries() == 0) {
            throw new PluginOperationException(shown(location) + " is not a jar: it holds no entries. Give the plugin "
                    + "jar that mvn package writes to target/.");
        }
        if (!inspection.hasManifest()) {
            throw new PluginOperationException(shown(location) + " has no META-INF/MANIFEST.MF, so it is not an OSGi "
                    + "bundle. Build it with bnd (bnd-maven-plugin).");
        }
        return new PluginJar(location, content, inspection.headers(), inspection.problems());
    }
}
