package io.prsm.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.prsm.limits.Quote;

/**
 * Where a jar sent to the admin API comes from: a JSON body naming an {@code http:} or
 * {@code https:} URL, or the jar itself as the body ({@code application/java-archive}), kept in
 * {@code uploads/} of the storage folder under its digest so the bundle location stays valid. A
 * path on the runtime's machine is refused: an HTTP caller must not make the runtime read its files.
 * A refused upload is deleted, and messages name it as the client sent it ({@code ?file_name=}),
 * never by the runtime's own file.
 *
 * <p>Concurrent semantics: stateless apart from the folder; two uploads of one jar write the same file.
 */
final class JarUploads {

    private final Path folder;
    private final long maxBytes;

    JarUploads(Path folder, long maxBytes) {
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    /** A jar kept in the uploads folder, and the name its client gave it (null for none). */
    record Upload(Path file, String clientName) {

        /** The location to install from. */
        String location() {
            return file.toString();
        }

        /** {@code message} naming the jar as the client knows it instead of by the runtime's file. */
        String named(String message) {
            String shown = clientName == null ? "the uploaded jar" : "the uploaded jar '" + clientName + "'";
            return message.replace(file.toUri().toString(), shown).replace(file.toString(), shown);
        }
    }

    /** The location to install from: the URL in {@code json}, or the uploaded jar's file. */
    String location(String contentType, Map<String, Object> json, InputStream upload) throws ApiError {
        if (isJar(contentType)) {
            return save(upload, null).location();
        }
        Object url = json.get("url");
        if (!(url instanceof String text) || !(text.startsWith("http://") || text.startsWith("https://"))) {
            throw new ApiError(400, "Send {\"url\": \"https://...\"} (optionally with \"sha256\"), or the jar itself "
                    + "as application/java-archive; a path on the runtime's machine is not accepted over HTTP.");
        }
        return text;
    }

    static boolean isJar(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/java-archive") || type.startsWith("application/octet-stream");
    }

    /** Keeps the uploaded jar; {@code clientName} is the file name the client gave, if any. */
    Upload save(InputStream upload, String clientName) throws ApiError {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int read = upload.read(buffer); read >= 0; read = upload.read(buffer)) {
                if (jar.size() + (long) read > maxBytes) {
                    throw new ApiError(413, "The jar is larger than " + Quote.bytes(maxBytes)
                            + " (prsm.jar.maxBytes).");
                }
                jar.write(buffer, 0, read);
            }
        } catch (IOException stalled) {
            throw new ApiError(408, "The jar stopped arriving before it was complete; send it again.");
        }
        if (jar.size() == 0) {
            throw new ApiError(400, "The body is empty: send the jar, or {\"url\": \"https://...\"} as JSON.");
        }
        byte[] content = jar.toByteArray();
        Path file = folder.resolve("upload-" + sha256(content).substring(0, 16) + ".jar");
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, "upload-", ".part");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException cannot) {
            throw new ApiError(507, "The runtime cannot keep the uploaded jar in " + folder + ": "
                    + Quote.prefix(String.valueOf(cannot.getMessage()), 200));
        }
        return new Upload(file, baseName(clientName));
    }

    /** The last part of the client's file name, cut short; null when it gave none. */
    private static String baseName(String clientName) {
        if (clientName == null) {
            return null;
        }
        String name = clientName.substring(Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\')) + 1);
        return name.isBlank() ? null : Quote.prefix(name.strip(), 200);
    }

    /**
     * Deletes a refused upload unless a plugin still runs from it ({@code locations}: the installed
     * plugins' bundle locations), as when the same jar was uploaded before and installed.
     */
    void discardUnless(Upload upload, List<String> locations) {
        String uri = upload.file().toUri().toString();
        if (locations.contains(uri) || locations.contains(upload.location())) {
            return;
        }
        try {
            Files.deleteIfExists(upload.file());
        } catch (IOException kept) {
            // the file only takes room; the refusal the caller gets matters more than this
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
