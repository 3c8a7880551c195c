package io.prsm.marketplace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.osgi.resource.Resource;

import aQute.bnd.osgi.repository.XMLResourceParser;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.BoundedFile;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarLimits;
import io.prsm.limits.OverLimitException;
import io.prsm.limits.Quote;

/**
 * Reads a repository's index and its jars, from a folder or over HTTP(S), within a size limit and
 * with timeouts, so a wrong or hostile repository is one clear refusal, never a hang.
 *
 * <p>Concurrent semantics: thread-safe; every read runs on the caller's thread.
 */
final class RepositoryReader {

    /** An index larger than this is refused. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final String MAX_INDEX = "the index limit of 64 MB";

    private final long maxJarBytes;
    private final JarDownload download;

    /**
     * @param maxJarBytes a jar larger than this is refused ({@value JarLimits#MAX_JAR_BYTES})
     * @param download reads over http(s) with the timeouts of an install by URL
     *        ({@code prsm.download.*}); an interrupt (Ctrl-C) cancels it
     */
    RepositoryReader(long maxJarBytes, JarDownload download) {
        this.maxJarBytes = maxJarBytes;
        this.download = download;
    }

    /** A reader with the runtime's settings: the jar limit and the download timeouts. */
    static RepositoryReader from(java.util.function.Function<String, String> properties) {
        return new RepositoryReader(JarLimits.from(properties).maxJarBytes(),
                JarDownload.from(properties, (url, read, total) -> { }));
    }

    /** The folder or URL that holds {@code index.xml}, with a trailing slash so relative URLs resolve below it. */
    static URI base(String location) throws PluginOperationException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                return URI.create(location.endsWith("/") ? location : location + "/");
            } catch (IllegalArgumentException malformed) {
                throw new PluginOperationException("'" + location + "' is not a URL (" + malformed.getMessage()
                        + "). Give the http(s) URL of the folder that holds index.xml.");
            }
        }
        try {
            Path folder = Path.of(location).toAbsolutePath().normalize();
            String uri = folder.toUri().toString();
            return URI.create(uri.endsWith("/") ? uri : uri + "/");
        } catch (java.nio.file.InvalidPathException malformed) {
            throw new PluginOperationException("'" + location + "' is neither a folder nor an http(s) URL ("
                    + malformed.getReason() + ").");
        }
    }

    /** Every resource of {@code repository}'s index. */
    List<Resource> resources(Repository repository) throws PluginOperationException {
        URI base = base(repository.location());
        byte[] index = read(base, base.resolve(IndexedFolder.INDEX), "the index of repository '" + repository.name()
                + "'", MAX_BYTES, MAX_INDEX);
        // depth 0: a <referral> to another index (any URL, read without limits) is an error, not followed
        try (InputStream in = new ByteArrayInputStream(index);
                XMLResourceParser parser = new XMLResourceParser(in, repository.name(), 0, new HashSet<>(), base)) {
            List<Resource> resources = parser.parse();
            if (!parser.isOk()) {
                throw new IOException(String.join("; ", parser.getErrors()));
            }
            return resources;
        } catch (Exception unreadable) {
            throw new PluginOperationException("The index of repository '" + repository.name() + "' (" + base
                    + IndexedFolder.INDEX + ") is not an OSGi repository index: " + unreadable.getMessage()
                    + ". Rewrite it with prsm:publish, or remove the repository with prsm:repo remove "
                    + repository.name() + ".");
        }
    }

    /**
     * Where a jar the index names is: below the repository's own location, or nowhere. An index
     * may name any URL; one that points elsewhere (another host, a local file, a path that climbs
     * out with percent-encoded dots) is refused (see {@link BelowLocation}).
     */
    static URI jar(Repository repository, URI named) throws PluginOperationException {
        URI base = base(repository.location());
        URI url = base.resolve(named).normalize();
        // on the path as the server reads it: %2e%2e/ is ../ to it, so it is to the check too
        if (!BelowLocation.isBelow(base, url)) {
            throw new PluginOperationException("The index of repository '" + repository.name() + "' names the jar "
                    + url + ", which is not below the repository's location " + base + "; it is refused. Publish "
                    + "the jar into the repository folder.");
        }
        return url;
    }

    /**
     * The bytes at {@code url} (below {@code repository}'s location: see {@link #jar}), refused
     * unless their SHA-256 is {@code sha256}.
     */
    byte[] download(Repository repository, URI url, String sha256, String what) throws PluginOperationException {
        byte[] content = read(base(repository.location()), url, what, maxJarBytes, JarLimits.MAX_JAR_BYTES);
        String actual = sha256(content);
        if (!actual.equalsIgnoreCase(sha256)) {
            // a published version never changes, so publishing the changed jar over it is refused
            throw new DigestMismatch(what + " at " + url + " has SHA-256 " + actual + ", but the repository's index "
                    + "states " + (sha256.isEmpty() ? "none" : sha256.toLowerCase(Locale.ROOT)) + ": it was changed "
                    + "after it was published. Nothing was installed. The repository's owner should delete the "
                    + "changed jar, then publish the original again (or the change under a higher version).");
        }
        return content;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }

    /**
     * The bytes at {@code url}, at most {@code maxBytes} of them, counted as they are read. A file
     * must be a regular file whose real path (links followed) is in the repository's folder
     * {@code base}: a device such as {@code /dev/zero}, or a link out of the folder, is refused.
     */
    private byte[] read(URI base, URI url, String what, long maxBytes, String limit) throws PluginOperationException {
        try {
            if ("file".equals(url.getScheme())) {
                Path file = Path.of(url);
                Path folder = Path.of(base).toRealPath();
                if (!file.toRealPath().startsWith(folder)) {
                    throw new PluginOperationException(what + " at " + url + " leads (by a link) to "
                            + file.toRealPath() + ", outside the repository folder " + folder + "; it is refused.");
                }
                return BoundedFile.read(file, maxBytes, limit, folder);
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new PluginOperationException(what + " is at " + url + ", which is neither a file nor http(s).");
            }
            // no redirect: the server must not send the download to a place jar(...) did not check
            return download.fetch(url.toURL(), maxBytes, false);
        } catch (NoSuchFileException missing) {
            throw new Missing("Nothing at " + url + ", where " + what + " should be.");
        } catch (OverLimitException tooLarge) {
            throw new PluginOperationException(new OverLimitException(what + " at " + url, "is larger than",
                    Quote.bytes(maxBytes), limit).getMessage(), tooLarge);
        } catch (IOException unreadable) {
            throw new PluginOperationException("Could not read " + what + " at " + url + ": " + unreadable.getMessage()
                    + ".");
        }
    }

    /**
     * Nothing where a file should be: the caller says what to do, which differs for a repository
     * being added (make one) and one added already (its folder went away).
     */
    static final class Missing extends PluginOperationException {
        private static final long serialVersionUID = 1L;

        Missing(String message) {
            super(message);
        }
    }

    /** A jar whose digest is not the index's: the caller audits it. */
    static final class DigestMismatch extends PluginOperationException {
        private static final long serialVersionUID = 1L;

        DigestMismatch(String message) {
            super(message);
        }
    }
}
