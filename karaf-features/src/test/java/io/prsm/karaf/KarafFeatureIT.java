package io.prsm.karaf;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;

/**
 * PRSM inside a real Apache Karaf from Maven Central: the feature repository is added and
 * {@code feature:install prsm} run in Karaf's own console, then the advanced-analytics sample is
 * published to a repository folder, installed from it by id through the marketplace and runs tasks, one of them fed by a platform hook through Karaf's Event Admin.
 * Karaf resolves every bundle from the build's own repository folder: no network, no installed build.
 */
public class KarafFeatureIT {

    private static final Duration COMMAND = Duration.ofSeconds(120);

    private Path karaf;
    private Path storage;

    @Before
    public void freshKaraf() throws IOException {
        Path work = Path.of(System.getProperty("prsm.karaf.work"));
        delete(work);
        karaf = work.resolve("karaf");
        copy(Path.of(System.getProperty("prsm.karaf.home")), karaf);
        storage = work.resolve("prsm-storage");
        Path repository = Path.of(System.getProperty("prsm.karaf.repository")).toAbsolutePath();
        append(karaf.resolve("etc/org.ops4j.pax.url.mvn.cfg"), """
                org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, \\
                    %s@id=prsm-build@snapshots
                org.ops4j.pax.url.mvn.repositories =
                """.formatted(repository.toUri()));
        // what docs/embedding.md tells an operator to set
        String http = "org.osgi.service.http.port = " + freePort() + "\norg.apache.felix.http.host = 127.0.0.1\n";
        append(karaf.resolve("etc/system.properties"), "prsm.storage = " + storage + "\n" + http);
        Files.writeString(karaf.resolve("etc/org.apache.felix.http.cfg"), http);
        // and export the agent's bridge from the system bundle to the gatekeeper and the runtime
        Path config = karaf.resolve("etc/config.properties");
        Files.writeString(config, Files.readString(config).replace("org.osgi.framework.system.packages.extra = \\\n",
                "org.osgi.framework.system.packages.extra = \\\n    io.prsm.bridge, \\\n"));
    }

    @Test
    public void featureInstallsAndAPluginRunsTasksThroughKarafsShell() throws Exception {
        Path features = Path.of(System.getProperty("prsm.karaf.features")).toAbsolutePath();
        String plugin = Path.of(System.getProperty("prsm.sample.advancedAnalytics")).toAbsolutePath().toString();
        try (KarafConsole console = KarafConsole.start(karaf, karaf.resolveSibling("console.txt"))) {
            String added = console.runOnceKnown("feature:repo-add " + features.toUri(), COMMAND);
            assertFalse(console.transcript(), added.contains("Error"));
            String installed = console.runOnceKnown("feature:install prsm", COMMAND);
            assertFalse(console.transcript(), installed.contains("Error"));
            // the commands come up once Declarative Services activates the runtime
            String ready = console.runOnceKnown("service:wait -t 60000 \"(prsm.plugins.ready=true)\"", COMMAND);
            assertFalse(console.transcript(), ready.contains("Error") || ready.contains("not found"));

            String bundles = console.run("bundle:list -t 0 -s | grep io.prsm", COMMAND);
            assertTrue(bundles, Pattern.compile("Active\\s*[|│]\\s*30\\s*[|│].*io\\.prsm\\.sandbox").matcher(bundles).find());

            // issue 20: the feature carries the marketplace; the plugin is published to a repository
            // folder and installed from it by id
            Path repository = storage.resolveSibling("repository");
            String published = console.runOnceKnown("prsm:publish " + plugin + " " + repository, COMMAND);
            assertTrue(console.transcript(), published.contains("Published plugin advanced-analytics"));
            console.runOnceKnown("prsm:repo add local " + repository, COMMAND);
            String found = console.run("prsm:search --type analytics", COMMAND);
            assertTrue(console.transcript(), found.contains("advanced-analytics") && found.contains("local"));
            String install = console.runOnceKnown("prsm:install advanced-analytics", COMMAND);
            assertTrue(console.transcript(), install.contains("advanced-analytics") && install.contains("from repository "
                    + "local"));
            String sentiment = console.run("prsm:exec advanced-analytics "
                    + "'{\"type\":\"sentiment\",\"config\":{\"text\":\"I love this great product\"}}'", COMMAND);
            assertTrue(console.transcript(), sentiment.contains("positive"));

            // the plugin subscribes to user_login through the gatekeeper and Karaf's Event Admin
            console.run("prsm:hook user_login '{\"user_id\":\"karaf-user\"}'", COMMAND);
            String analytics = console.run("prsm:exec advanced-analytics "
                    + "'{\"type\":\"user_analytics\",\"config\":{\"user_id\":\"karaf-user\"}}'", COMMAND);
            assertTrue(console.transcript(), count("total_events", analytics) >= 1);

            String list = console.run("prsm:list", COMMAND);
            assertTrue(list, list.contains("advanced-analytics") && list.contains("active"));
        }
        assertTrue("the plugin's data lives in prsm.storage", Files.isDirectory(storage.resolve("plugins")));
    }

    private static long count(String field, String json) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, "\n" + text, StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
