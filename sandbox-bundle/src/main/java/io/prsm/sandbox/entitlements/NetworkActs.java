package io.prsm.sandbox.entitlements;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.channels.NetworkChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The acts of the network sinks ({@code net.*}): connect, bind, accept, name resolution and URLs,
 * for {@link SinkActs}. A URL is the act of its protocol: {@code file:} and {@code jar:file:} a
 * file read, a bundle protocol a read of that bundle's content ({@link FrameworkActs}), the JDK's
 * own {@code jrt:} none, any other a connect. A value of a class that is not the JDK's is named by
 * its class only and gives an act no plugin is entitled to.
 *
 * <p>Concurrent semantics: stateless.
 */
final class NetworkActs {

    /** The frameworks' URLs into a bundle's content: Felix's {@code bundle:}, Equinox's two. */
    private static final Set<String> BUNDLE_PROTOCOLS = Set.of("bundle", "bundleentry", "bundleresource");
    private static final Pattern BUNDLE_URL = Pattern.compile("([A-Za-z]+)://([^/:]*)(:[0-9]*)?(/.*)?");

    private NetworkActs() {
    }

    /** Marks a connect act that names a host only (a name lookup), not a port. */
    enum Resolve {
        HOST_ONLY
    }

    static List<Act> connect(Object target) {
        if (target instanceof InetSocketAddress address) {
            return List.of(new Act(Operation.CONNECT, address.getHostString() + ":" + address.getPort(), address));
        }
        // a Unix domain socket is a file
        return target instanceof SocketAddress other && other.getClass().getName().equals("java.net.UnixDomainSocketAddress")
                ? SinkActs.file(Operation.FILE_WRITE, ((java.net.UnixDomainSocketAddress) other).getPath())
                : List.of(new Act(Operation.CONNECT, SinkActs.named(target), SinkActs.jdk(target) ? null : SinkActs.Foreign.VALUE));
    }

    /** Binding an ephemeral port is what every client does; a chosen port is listening. */
    static List<Act> bind(Object target, Object detail) {
        int port = detail instanceof Integer given ? given
                : target instanceof InetSocketAddress address ? address.getPort() : 0;
        if (target instanceof java.net.UnixDomainSocketAddress unix) {
            return SinkActs.file(Operation.FILE_WRITE, unix.getPath());
        }
        return port == 0 ? List.of() : List.of(Act.of(Operation.INBOUND, String.valueOf(port)));
    }

    static String localPort(Object target) {
        if (!SinkActs.jdk(target)) {
            return "*";
        }
        try {
            if (target instanceof ServerSocket server) {
                return String.valueOf(server.getLocalPort());
            }
            if (target instanceof NetworkChannel channel && channel.getLocalAddress() instanceof InetSocketAddress local) {
                return String.valueOf(local.getPort());
            }
        } catch (IOException closed) {
            // fall through: any port
        }
        return "*";
    }

    static List<Act> resolve(Object target) {
        String host = target == null ? "localhost" : target instanceof InetAddress address ? address.getHostAddress()
                : SinkActs.named(target);
        if (host.isEmpty() || isLiteral(host)) {
            return List.of();
        }
        return List.of(new Act(Operation.CONNECT, host, Resolve.HOST_ONLY));
    }

    private static boolean isLiteral(String host) {
        return host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.indexOf(':') >= 0
                || host.startsWith("[");
    }

    static List<Act> url(URL url) {
        String protocol = url.getProtocol().toLowerCase(Locale.ROOT);
        if (protocol.equals("jrt")) {
            return List.of();
        }
        if (BUNDLE_PROTOCOLS.contains(protocol)) {
            return FrameworkActs.bundleUrl(url.getHost(), url);
        }
        if (protocol.equals("file")) {
            try {
                return SinkActs.file(Operation.FILE_READ, Path.of(url.toURI()));
            } catch (Exception unusual) {
                return SinkActs.file(Operation.FILE_READ, url.getPath());
            }
        }
        if (protocol.equals("jar")) {
            String inner = url.getFile();
            int separator = inner.indexOf("!/");
            String archive = separator < 0 ? inner : inner.substring(0, separator);
            try {
                return url(new URI(archive).toURL());
            } catch (Exception unusual) {
                // no handler here for a bundle URL (no framework): read its host as the framework would
                Matcher bundle = BUNDLE_URL.matcher(archive);
                return bundle.matches() && BUNDLE_PROTOCOLS.contains(bundle.group(1).toLowerCase(Locale.ROOT))
                        ? FrameworkActs.bundleUrl(bundle.group(2), url)
                        : List.of(new Act(Operation.CONNECT, url.toString(), SinkActs.Foreign.VALUE));
            }
        }
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return List.of(Act.of(Operation.CONNECT, (url.getHost() == null ? "" : url.getHost()) + ":" + port));
    }

    static List<Act> uri(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return List.of(Act.of(Operation.CONNECT, uri.getHost() + ":" + port));
    }

    /**
     * Where an HTTP client may connect besides the request's host: a redirect's host or a proxy,
     * from the client's own threads, which need not be the plugin's (the common pool, a pool the
     * JDK's client code starts them from), so no check there can name the plugin. Below trusted a
     * client may neither follow redirects nor use a proxy; a redirect followed with a new send is
     * checked like the first.
     */
    static List<Act> elsewhere(Object client) {
        if (client instanceof java.net.http.HttpClient http && SinkActs.jdk(http)
                && (http.followRedirects() != java.net.http.HttpClient.Redirect.NEVER || http.proxy().isPresent())) {
            return List.of(new Act(Operation.CONNECT, "where redirects or a proxy lead, from the HTTP client's own "
                    + "threads", SinkActs.Unchecked.HOSTS));
        }
        return List.of();
    }
}
