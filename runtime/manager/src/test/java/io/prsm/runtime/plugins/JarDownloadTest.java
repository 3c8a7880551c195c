package io.prsm.runtime.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarInspector;
import io.prsm.limits.JarLimits;

/** Issue 18: an install by URL cannot hang, flood the runtime or install a jar other than the one meant. */
public class JarDownloadTest {

    private static final JarInspector INSPECTOR = new JarInspector(JarLimits.DEFAULTS);
    private static final JarDownload QUICK = new JarDownload(Duration.ofSeconds(2), Duration.ofMillis(300),
            (url, read, total) -> { });
    /**
     * For the tests of what a server serves: the first request of the JVM loads the JDK's HTTP
     * classes on both ends, which on a busy 2-core machine outlasted QUICK's 0.3 s read timeout.
     */
    private static final JarDownload PATIENT = new JarDownload(Duration.ofSeconds(10), Duration.ofSeconds(30),
            (url, read, total) -> { });

    private HttpServer server;
    private byte[] jar;
    private String base;

    @Before
    public void serveAJar() throws Exception {
        jar = jar();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/demo.jar", exchange -> {
            exchange.sendResponseHeaders(200, jar.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jar);
            }
        });
        server.createContext("/huge.jar", exchange -> {
            // announces more than the limit: refused before a byte is read
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(JarLimits.DEFAULTS.maxJarBytes() + 1));
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    @Test
    public void serverThatAcceptsAndNeverAnswersIsGivenUpOn() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            PluginOperationException e = assertThrows(PluginOperationException.class, () -> PluginJar.read(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/plugin.jar", null, INSPECTOR, QUICK));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Cannot download http://127.0.0.1:"));
            assertTrue(e.getMessage(), e.getMessage().contains("no answer within 2 s to connect or 0.3 s between bytes"));
            acceptor.join();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    public void interruptCancelsADownloadWaitingOnASilentServer() throws Exception {
        // only the interrupt can end this download: its timeouts outlast the test's safety bound
        JarDownload patient = new JarDownload(Duration.ofHours(1), Duration.ofHours(1), (url, read, total) -> { });
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FutureTask<PluginOperationException> download = new FutureTask<>(() -> assertThrows(
                    PluginOperationException.class, () -> PluginJar.read("http://127.0.0.1:" + silent.getLocalPort()
                            + "/plugin.jar", null, INSPECTOR, patient)));
            Thread downloader = new Thread(download, "downloader");
            downloader.start();
            try (Socket accepted = silent.accept()) {
                downloader.interrupt();
                PluginOperationException e = download.get(60, TimeUnit.SECONDS);
                assertTrue(e.getMessage(), e.getMessage().contains("the download was cancelled"));
                assertTrue("a cancel is not the URL's fault: " + e.getMessage(), !e.getMessage().contains("Check the URL"));
            }
        }
    }

    @Test
    public void aServerThatNeverAnswersIsReportedAsSuchNotAsABadUrl() throws Exception {
        JarDownload impatient = new JarDownload(Duration.ofSeconds(5), Duration.ofMillis(200), (url, read, total) -> { });
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PluginOperationException e = assertThrows(PluginOperationException.class, () -> PluginJar.read(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/plugin.jar", null, INSPECTOR, impatient));
            // the timeout's own words, with the settings that set it
            assertTrue(e.getMessage(), e.getMessage().contains("no answer within")
                    && e.getMessage().contains("prsm.download.readTimeoutMillis"));
        }
    }

    /**
     * A download that takes more than a second reports its progress. The server sends
     * a kilobyte at a time and keeps doing so until the first report came (it waits for that event,
     * a little at a time, between chunks), then sends the rest; the client sees every byte.
     */
    @Test
    public void slowDownloadReportsItsProgress() throws Exception {
        byte[] content = new byte[256 * 1024];
        new java.util.Random(18).nextBytes(content);
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        List<long[]> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/slow.jar", exchange -> {
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream body = exchange.getResponseBody()) {
                int sent = 0;
                while (sent < content.length) {
                    boolean seen = awaitQuietly(reported);
                    int chunk = seen ? content.length - sent : Math.min(1024, content.length - sent);
                    body.write(content, sent, chunk);
                    body.flush();
                    sent += chunk;
                }
            }
        });
        JarDownload download = new JarDownload(Duration.ofSeconds(10), Duration.ofSeconds(30), (url, read, total) -> {
            assertEquals(base + "/slow.jar", url);
            reports.add(new long[] {read, total});
            reported.countDown();
        });
        byte[] fetched = download.fetch(new java.net.URL(base + "/slow.jar"), JarLimits.DEFAULTS.maxJarBytes());
        org.junit.Assert.assertArrayEquals(content, fetched);
        assertTrue("a download of more than a second reports its progress", reports.size() >= 2);
        long[] first = reports.get(0);
        assertTrue(first[0] + " of " + first[1], first[0] > 0 && first[0] < content.length && first[1] == content.length);
        long[] last = reports.get(reports.size() - 1);
        assertEquals(content.length, last[0]);
        assertEquals(content.length, last[1]);
    }

    /** Waits a little for {@code latch}: the pace of a slow server, ended by the event it waits for. */
    private static boolean awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Test
    public void jarWithTheGivenDigestIsRead() throws Exception {
        PluginJar read = PluginJar.read(base + "/demo.jar", JarDigest.of(jar).toUpperCase(), INSPECTOR, PATIENT);
        assertEquals("io.example.demo", read.headers().get("Bundle-SymbolicName"));
    }

    @Test
    public void jarWithAnotherDigestIsRefused() {
        String other = "0".repeat(64);
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(base + "/demo.jar", other, INSPECTOR, PATIENT));
        assertEquals("Refused " + base + "/demo.jar: its SHA-256 is " + JarDigest.of(jar) + ", not " + other
                + " as given with --sha256. The download is corrupt or not the jar meant; nothing was installed.",
                e.getMessage());
    }

    @Test
    public void digestThatIsNotSixtyFourHexDigitsIsRefusedFirst() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(base + "/demo.jar", "abc", INSPECTOR, PATIENT));
        assertTrue(e.getMessage(), e.getMessage().startsWith("--sha256 takes the 64 hex digits"));
    }

    @Test
    public void announcedLengthOverTheLimitIsRefusedBeforeReading() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(base + "/huge.jar", null, INSPECTOR, PATIENT));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Refused " + base + "/huge.jar: The jar is larger than"));
    }

    @Test
    public void missingJarSaysWhatTheServerAnswered() {
        PluginOperationException e = assertThrows(PluginOperationException.class,
                () -> PluginJar.read(base + "/absent.jar", null, INSPECTOR, PATIENT));
        assertTrue(e.getMessage(), e.getMessage().contains("the server answered 404"));
    }

    private static byte[] jar() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "io.example.demo");
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("io/example/Demo.class"));
            out.write(new byte[64]);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
