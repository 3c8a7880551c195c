package io.prsm.marketplace;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a URL an index names lies below the repository's location. For http(s) the check is made
 * on the path as a server could read it: percent-decoded until nothing changes (so {@code %2e%2e/},
 * {@code %2E%2E%2F} and double encodings such as {@code %252e%252e} are dots and slashes), then its
 * {@code .} and {@code ..} segments resolved. Characters that some servers take as separators or
 * cut off ({@code \}, {@code ;}, control characters) are refused outright rather than guessed at:
 * an index written by the indexer never needs them.
 *
 * <p>Concurrent semantics: stateless.
 */
final class BelowLocation {

    /** More rounds of decoding than this means a path built to confuse; it is refused. */
    private static final int MAX_DECODINGS = 4;

    private BelowLocation() {
    }

    /** Whether {@code url} (resolved against {@code base} and normalized) lies below {@code base}. */
    static boolean isBelow(URI base, URI url) {
        if ("file".equals(base.getScheme()) && "file".equals(url.getScheme())) {
            // file:/x and file:///x are one place: files are compared as paths (Path.of decodes the URI once,
            // as reading the file does)
            return Path.of(url).normalize().startsWith(Path.of(base));
        }
        if (!isHttp(base) || !isHttp(url) || !sameServer(base, url)) {
            return false;
        }
        String basePath = resolved(base.getRawPath());
        String path = resolved(url.getRawPath());
        return basePath != null && path != null && path.startsWith(basePath.endsWith("/") ? basePath : basePath + "/");
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    private static boolean sameServer(URI base, URI url) {
        return base.getScheme().equalsIgnoreCase(url.getScheme()) && base.getHost() != null && url.getHost() != null
                && base.getHost().toLowerCase(Locale.ROOT).equals(url.getHost().toLowerCase(Locale.ROOT))
                && port(base) == port(url) && Objects.equals(base.getRawUserInfo(), url.getRawUserInfo());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * {@code rawPath} decoded until stable and with its dot segments resolved (keeping a trailing
     * slash); null if it cannot be read safely or climbs above the root.
     */
    static String resolved(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String path = rawPath;
        for (int round = 0; path.indexOf('%') >= 0; round++) {
            if (round == MAX_DECODINGS) {
                return null;
            }
            String decoded;
            try {
                // '+' is a plus in a path, not a space as URLDecoder reads forms
                decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return null;
            }
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        if (path.chars().anyMatch(c -> c == '\\' || c == ';' || c < 0x20 || c == 0x7f)) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else if (!segment.equals(".") && !segment.isEmpty()) {
                segments.addLast(segment);
            }
        }
        boolean folder = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        return "/" + String.join("/", segments) + (folder && !segments.isEmpty() ? "/" : "");
    }
}
