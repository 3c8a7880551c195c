package io.prsm.runtime.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's files, from this bundle's {@code /console} folder only (nothing is fetched from
 * the internet at run time): the pages, their scripts and styles, and uPlot with its licence,
 * unpacked from its WebJar at build time. Only names made of safe characters with a known
 * extension are served, so no path can leave the folder.
 *
 * <p>Concurrent semantics: stateless apart from the class loader it reads from; thread-safe.
 */
final class ConsoleAssets {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");
    private static final String SAFE_NAME = "[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*\\.[a-z]+|[A-Za-z0-9_/-]*LICENSE";

    private final ClassLoader loader;

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** Writes {@code console/<name>}; false (nothing written) when there is no such file. */
    boolean write(String name, HttpServletResponse response) throws IOException {
        if (!name.matches(SAFE_NAME) || name.contains("..")) {
            return false;
        }
        URL file = loader.getResource("console/" + name);
        if (file == null) {
            return false;
        }
        String extension = name.endsWith("LICENSE") ? "txt" : name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return false;
        }
        response.setStatus(200);
        response.setContentType(type);
        // a page never takes the console's data from a cache of another session
        response.setHeader("Cache-Control", name.endsWith(".html") ? "no-store" : "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'");
        try (InputStream in = file.openStream()) {
            in.transferTo(response.getOutputStream());
        }
        return true;
    }
}
