package io.prsm.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;


/**
 * Downloads a plugin jar (or a repository's index) so that it cannot hang or flood the runtime: a connect timeout, a read
 * timeout (a server that accepts and then says nothing is given up on), the jar size limit checked
 * against the announced length first and the bytes read after, and progress reported once a
 * second for a download that takes longer than that.
 *
 * <p>Settings are framework properties in milliseconds: {@code prsm.download.connectTimeoutMillis}
 * (default 10000) and {@code prsm.download.readTimeoutMillis} (default 30000).
 *
 * <p>Concurrent semantics: immutable; each download runs on a daemon thread of its own while the
 * caller waits for it, so interrupting the caller cancels it at once.
 *
 * @param progress told the bytes read so far, at most once a second, from the second second on
 */
public record JarDownload(Duration connectTimeout, Duration readTimeout, Progress progress) {

    /** Told how a long download goes. */
    @FunctionalInterface
    public interface Progress {
        void report(String url, long bytesRead, long totalBytes);
    }

    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    public static JarDownload from(Function<String, String> properties, Progress progress) {
        return new JarDownload(
                Duration.ofMillis(positive(properties, "prsm.download.connectTimeoutMillis", 10_000)),
                Duration.ofMillis(positive(properties, "prsm.download.readTimeoutMillis", 30_000)), progress);
    }

    private static int positive(Function<String, String> properties, String name, int defaultValue) {
        int value = Settings.count(properties, name, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 (milliseconds), not " + value);
        }
        return value;
    }

    /**
     * The bytes at {@code url}, at most {@code maxBytes} of them.
     *
     * @throws OverLimitException if the jar is larger than {@code maxBytes}
     * @throws IOException saying what went wrong in words an operator can act on
     */
    public byte[] fetch(URL url, long maxBytes) throws IOException {
        return fetch(url, maxBytes, true);
    }

    /**
     * As {@link #fetch(URL, long)}; without {@code followRedirects} a redirect is an error, so a
     * server cannot send the download to a place the caller did not check.
     */
    public byte[] fetch(URL url, long maxBytes, boolean followRedirects) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof HttpURLConnection http) {
            http.setInstanceFollowRedirects(followRedirects);
        }
        connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        connection.setUseCaches(false);
        // the download runs on a thread of its own so that a cancel (Ctrl-C) answers at once: closing
        // the connection under a blocked read can wait for that read (up to the read timeout), and
        // the JDK's HTTP client may reconnect once after its socket is closed
        FutureTask<byte[]> download = new FutureTask<>(() -> cancellable(url, connection, maxBytes));
        Thread worker = new Thread(download, "prsm-download " + Quote.prefix(url.toString(), 80));
        worker.setDaemon(true);
        worker.start();
        try {
            return download.get();
        } catch (InterruptedException cancelled) {
            // the worker's interrupt disconnects it on the interrupting thread, which can wait for the
            // read it interrupts (HttpURLConnection locks): never on the caller's, which answers now
            Thread cancel = new Thread(worker::interrupt, "prsm-download-cancel");
            cancel.setDaemon(true);
            cancel.start();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the download was cancelled");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    private byte[] cancellable(URL url, URLConnection connection, long maxBytes) throws IOException {
        DisconnectOnInterrupt cancel = new DisconnectOnInterrupt(connection);
        cancel.enter();
        try {
            return fetch(url, connection, maxBytes);
        } catch (IOException | RuntimeException failed) {
            // a connection disconnected from the interrupting thread mid-request fails in the JDK's
            // own code, sometimes unchecked (a NullPointerException inside HttpURLConnection)
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("the download was cancelled");
            }
            throw failed;
        } finally {
            cancel.exit();
        }
    }

    private byte[] fetch(URL url, URLConnection connection, long maxBytes) throws IOException {
        try {
            connection.connect();
            if (Thread.currentThread().isInterrupted()) {
                // interrupted while connecting, before there was a socket to disconnect
                throw new InterruptedIOException("the download was cancelled");
            }
            if (connection instanceof HttpURLConnection http && http.getResponseCode() / 100 != 2) {
                throw new IOException("the server answered " + http.getResponseCode() + " "
                        + Quote.prefix(String.valueOf(http.getResponseMessage()), 100));
            }
            long announced = connection.getContentLengthLong();
            if (announced > maxBytes) {
                throw tooLarge(maxBytes);
            }
            try (InputStream in = connection.getInputStream()) {
                return read(url.toString(), in, announced, maxBytes);
            }
        } catch (SocketTimeoutException silent) {
            throw new IOException("no answer within " + seconds(connection.getConnectTimeout()) + " s to connect or "
                    + seconds(connection.getReadTimeout()) + " s between bytes (prsm.download.connectTimeoutMillis, "
                    + "prsm.download.readTimeoutMillis)");
        } finally {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    private byte[] read(String url, InputStream in, long announced, long maxBytes) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long started = System.nanoTime();
        long lastReport = started;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            if (content.size() + (long) read > maxBytes) {
                throw tooLarge(maxBytes);
            }
            content.write(buffer, 0, read);
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_EVERY_NANOS) {
                lastReport = now;
                progress.report(url, content.size(), announced);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("the download was cancelled");
            }
        }
        if (lastReport != started) {
            progress.report(url, content.size(), content.size());
        }
        return content.toByteArray();
    }

    /**
     * A socket read blocked on a silent server ignores interrupts; the JDK's interruptible channels
     * call {@link #implCloseChannel} from the interrupting thread (Ctrl-C), which disconnects the
     * download so the read fails at once instead of at the read timeout.
     */
    private static final class DisconnectOnInterrupt extends AbstractInterruptibleChannel {

        private final URLConnection connection;

        DisconnectOnInterrupt(URLConnection connection) {
            this.connection = connection;
        }

        void enter() {
            begin();
        }

        void exit() {
            try {
                end(true);
            } catch (ClosedByInterruptException cancelled) {
                // the thread stays interrupted: the caller reports the download as cancelled
            } catch (IOException impossible) {
                // end(true) only reports an interrupt
            }
        }

        @Override
        protected void implCloseChannel() {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    private static OverLimitException tooLarge(long maxBytes) {
        return new OverLimitException("The jar", "is larger than", Quote.bytes(maxBytes), JarLimits.MAX_JAR_BYTES);
    }

    private static String seconds(int millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }
}
