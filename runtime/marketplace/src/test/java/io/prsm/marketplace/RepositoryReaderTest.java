package io.prsm.marketplace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.JarDownload;

public class RepositoryReaderTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** Gives up on a server silent for 300 ms. */
    private static final JarDownload QUICK = new JarDownload(Duration.ofSeconds(5), Duration.ofMillis(300),
            (url, read, total) -> { });

    private static final Repository SERVED = new Repository("team", "https://repo.example.com/prsm", List.of());

    @Test
    public void aJarBelowTheRepositoryIsFetchedFromThere() throws Exception {
        assertEquals(URI.create("https://repo.example.com/prsm/notes-1.0.0.jar"),
                RepositoryReader.jar(SERVED, URI.create("notes-1.0.0.jar")));
        assertEquals(URI.create("https://repo.example.com/prsm/libs/a.jar"),
                RepositoryReader.jar(SERVED, URI.create("https://repo.example.com/prsm/libs/a.jar")));
    }

    @Test
    public void aJarInTheRepositoryFolderIsFoundWhicheverWayItsFileUrlIsWritten() throws Exception {
        Repository folder = new Repository("local", "/srv/prsm-repository", List.of());
        assertEquals(URI.create("file:///srv/prsm-repository/notes-1.0.0.jar"),
                RepositoryReader.jar(folder, URI.create("notes-1.0.0.jar")));
        assertEquals(URI.create("file:/srv/prsm-repository/notes-1.0.0.jar"),
                RepositoryReader.jar(folder, URI.create("file:/srv/prsm-repository/notes-1.0.0.jar")));
        assertThrows(PluginOperationException.class,
                () -> RepositoryReader.jar(folder, URI.create("file:/srv/prsm-repository-other/notes-1.0.0.jar")));
    }

    @Test
    public void aJarTheIndexPlacesElsewhereIsRefused() {
        for (String elsewhere : List.of("file:///etc/passwd", "https://evil.example.com/prsm/notes.jar",
                "../private/notes.jar", "https://repo.example.com/prsm-other/notes.jar")) {
            String refused = assertThrows(PluginOperationException.class,
                    () -> RepositoryReader.jar(SERVED, URI.create(elsewhere))).getMessage();
            assertTrue(refused, refused.contains("which is not below the repository's location "
                    + "https://repo.example.com/prsm/; it is refused"));
        }
    }

    /** Issue 20: a server decodes %2e%2e to .., so the check does too, however often encoded. */
    @Test
    public void aJarThatClimbsOutWithPercentEncodedDotsIsRefused() {
        for (String climbing : List.of("%2e%2e/private/notes.jar", "%2E%2E%2Fprivate/notes.jar",
                "libs/%2e%2e/%2e%2e/private/notes.jar", ".%2e/private/notes.jar", "%252e%252e/private/notes.jar",
                "%25252e%25252e%25252fprivate/notes.jar", "%2e%2e%5cprivate/notes.jar", "..;/private/notes.jar",
                "https://repo.example.com/prsm/%2e%2e/private/notes.jar",
                "https://REPO.example.com:443/prsm/%2E%2E/prsm-other/notes.jar",
                "https://repo.example.com:8443/prsm/notes.jar", "http://repo.example.com/prsm/notes.jar",
                "https://repo.example.com@evil.example.com/prsm/notes.jar", "notes%00.jar")) {
            String refused = assertThrows(climbing, PluginOperationException.class,
                    () -> RepositoryReader.jar(SERVED, URI.create(climbing))).getMessage();
            assertTrue(refused, refused.contains("which is not below the repository's location "
                    + "https://repo.example.com/prsm/; it is refused"));
        }
    }

    @Test
    public void percentEncodingThatStaysBelowTheRepositoryIsAccepted() throws Exception {
        for (String below : List.of("libs/%2e%2e/notes-1.0.0.jar", "notes%2B1.0.0.jar", "a%20b/notes.jar",
                "https://repo.example.com:443/prsm/libs/./a.jar", "https://REPO.EXAMPLE.COM/prsm/a.jar")) {
            RepositoryReader.jar(SERVED, URI.create(below));
        }
        assertEquals("/prsm/notes-1.0.0.jar", BelowLocation.resolved("/prsm/libs/%2e%2e/notes-1.0.0.jar"));
        assertEquals("/prsm/", BelowLocation.resolved("/prsm/libs/%2E%2E%2F"));
    }

    @Test
    public void aFolderRepositorysJarWithEncodedDotsIsReadWhereTheFileIs() throws Exception {
        Repository folder = new Repository("local", "/srv/prsm-repository", List.of());
        assertThrows(PluginOperationException.class,
                () -> RepositoryReader.jar(folder, URI.create("%2e%2e/private/notes.jar")));
        assertThrows(PluginOperationException.class,
                () -> RepositoryReader.jar(folder, URI.create("file:/srv/prsm-repository/%2E%2E/etc/passwd")));
        // decoded once, as a file URL is read: a file literally named %2e%2e stays inside
        assertEquals(Path.of("/srv/prsm-repository/%2e%2e/notes.jar"), Path.of(RepositoryReader.jar(folder,
                URI.create("%252e%252e/notes.jar"))));
    }

    @Test
    public void aDeviceOrAFileOutsideTheFolderIsNotReadEvenByALinkInsideIt() throws Exception {
        Path folder = temp.newFolder("repo").toPath();
        Path secret = Files.writeString(temp.newFolder("private").toPath().resolve("secret.txt"), "secret");
        Files.createSymbolicLink(folder.resolve("zero-1.0.0.jar"), Path.of("/dev/zero"));
        Files.createSymbolicLink(folder.resolve("secret-1.0.0.jar"), secret);
        Repository hostile = new Repository("hostile", folder.toString(), List.of());
        RepositoryReader reader = new RepositoryReader(1024, QUICK);
        for (String jar : List.of("zero-1.0.0.jar", "secret-1.0.0.jar")) {
            URI url = RepositoryReader.jar(hostile, URI.create(jar));
            String refused = assertThrows(PluginOperationException.class,
                    () -> reader.download(hostile, url, "", "hostile 1.0.0")).getMessage();
            assertTrue(refused, refused.contains("outside the repository folder"));
            assertFalse(refused, refused.contains(RepositoryReader.sha256("secret".getBytes())));
        }
        // the index itself, a link to a device that never ends, is refused rather than read
        Files.createSymbolicLink(folder.resolve("index.xml"), Path.of("/dev/zero"));
        String refused = assertThrows(PluginOperationException.class, () -> reader.resources(hostile)).getMessage();
        assertTrue(refused, refused.contains("outside the repository folder"));
    }

    @Test
    public void aJarLargerThanTheJarLimitIsRefusedAsItIsRead() throws Exception {
        Path folder = temp.newFolder("big").toPath();
        Files.write(folder.resolve("big-1.0.0.jar"), new byte[1025]);
        Repository big = new Repository("big", folder.toString(), List.of());
        String refused = assertThrows(PluginOperationException.class, () -> new RepositoryReader(1024, QUICK)
                .download(big, RepositoryReader.jar(big, URI.create("big-1.0.0.jar")), "", "big 1.0.0")).getMessage();
        assertTrue(refused, refused.contains("larger than") && refused.contains("prsm.jar.maxBytes"));
    }

    @Test
    public void aServerThatSendsHeadersThenStallsIsGivenUpOnAtTheReadTimeout() throws Exception {
        try (StallingServer server = new StallingServer()) {
            String refused = assertThrows(PluginOperationException.class,
                    () -> new RepositoryReader(1024, QUICK).resources(server.repository())).getMessage();
            assertTrue(refused, refused.contains("no answer within") && refused.contains("prsm.download.readTimeoutMillis"));
        }
    }

    @Test
    public void anInterruptCancelsAReadFromAStalledServer() throws Exception {
        JarDownload patient = new JarDownload(Duration.ofHours(1), Duration.ofHours(1), (url, read, total) -> { });
        try (StallingServer server = new StallingServer()) {
            FutureTask<?> read = new FutureTask<>(() -> new RepositoryReader(1024, patient).resources(server.repository()));
            Thread reader = new Thread(read, "stalled-read");
            reader.start();
            assertTrue(server.headersSent.await(10, TimeUnit.SECONDS));
            reader.interrupt();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage(), failed.getCause().getMessage().contains("cancelled"));
        }
    }

    /** Answers one request with headers and a few bytes of a longer body, then says nothing until closed. */
    private static final class StallingServer implements AutoCloseable {

        final CountDownLatch headersSent = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "stalling-server");

        StallingServer() throws Exception {
            thread.start();
        }

        Repository repository() {
            return new Repository("stalled", "http://127.0.0.1:" + socket.getLocalPort() + "/repo", List.of());
        }

        private void serve() {
            try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<repository"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                headersSent.countDown();
                closed.await();
            } catch (Exception gone) {
                // the test is over
            }
        }

        @Override
        public void close() throws Exception {
            closed.countDown();
            socket.close();
            thread.join();
        }
    }
}
