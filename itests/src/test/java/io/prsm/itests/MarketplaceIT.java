package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import com.sun.net.httpserver.HttpServer;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * The marketplace in a real Felix: a repository folder built by the test with prsm:publish, found
 * by prsm:search, a plugin installed by id with a two-level library dependency, updated by hot
 * swap under load and its libraries removed with it; a library the sandbox may not wire refused
 * with nothing installed; a tampered jar refused and audited; the same repository served over HTTP
 * on loopback; a repository that requires a signer, and a trusted plugin refused from one that
 * requires none.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MarketplaceIT extends PrsmTestSupport {

    private static final String LIBRARY = "prsm:library/";
    private static final String SIGNER = "CN=PRSM Test Publisher,O=PRSM";
    private static final String SIGNER_AS_TYPED = "CN=PRSM Test Publisher, O=PRSM";
    private static final int CLIENTS = 3;

    @Inject
    private Marketplace market;

    private Path storage;

    @Configuration
    public Option[] config() {
        // the test serves a repository over HTTP and signs jars with the JDK's own APIs
        return OptionUtils.combine(RuntimeOptions.forTest("marketplace"), systemPackage("com.sun.net.httpserver"),
                systemPackage("jdk.security.jarsigner"));
    }

    /** The sandbox level may wire the shout-text library's package, not the leak library's. */
    @Before
    public void allowTheShoutLibrary() throws Exception {
        storage = Path.of(context.getProperty("prsm.storage"));
        policy("");
    }

    /** The sandbox level that may wire the shout-text library, and {@code more} sections; in force at once. */
    private void policy(String more) throws Exception {
        Files.writeString(storage.resolve("policy.json"), "{\"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.text\"]}}" + more + "}");
        shell("prsm:policy reload");
    }

    /** Every test starts with no repository and, once its plugins are gone, no library. */
    @After
    public void removeRepositoriesAndLibraries() throws Exception {
        uninstallEveryPlugin();
        for (Repository repository : market.repositories()) {
            market.removeRepository(repository.name());
        }
        awaitNoLibrary();
    }

    @Test
    public void aPublishedPluginIsFoundInstalledWithItsLibrariesUpdatedUnderLoadAndRemovedWithThem() throws Exception {
        Path folder = publishedRepository("built", jar("shouter1"), jar("shouter2"));
        assertTrue(shell("prsm:repo add built " + folder).startsWith("Added repository built"));
        assertTrue(shell("prsm:repo list").contains("built  " + folder));

        String found = shell("prsm:search shout");
        assertTrue(found, found.contains("shouter  1.1.0  utility  sandbox  built"));
        assertTrue(found, found.contains("shouter  1.0.0  utility  sandbox  built"));
        assertTrue(shell("prsm:search --type analytics").startsWith("No plugin matches"));
        String shown = shell("prsm:show shouter");
        assertTrue(shown, shown.contains("task types:   shout"));
        assertTrue(shown, shown.contains("capabilities: text_shouting"));
        assertTrue(shown, shown.contains("description:  Shouts text (version 1.1.0)"));

        String installed = shell("prsm:install 'shouter@[1.0,1.1)'");
        assertEquals("shouter 1.0.0 from repository built, with the libraries io.prsm.sample.market.base "
                + libraryVersion("shoutBase") + ", io.prsm.sample.market.text " + libraryVersion("shoutText"),
                lastLine(installed));
        assertEquals(2, libraries().size());
        assertEquals(Map.of("version", "1.0.0", "text", "HI!"), data(shout("hi")));
        assertEquals("shouter 1.0.0 is installed; prsm:update shouter installs a newer version.",
                assertThrows(Exception.class, () -> shell("prsm:install shouter")).getMessage());
        String usage = assertThrows(Exception.class, () -> shell("prsm:repo add")).getMessage();
        assertTrue(usage, usage.startsWith("prsm:repo add needs a name and a location"));
        String badType = assertThrows(Exception.class, () -> shell("prsm:search --type bogus")).getMessage();
        assertTrue(badType, badType.startsWith("'bogus' is no plugin type; give one of ai_model"));

        try (TaskLoad load = new TaskLoad(plugins, "shouter", new Task("shout", Map.of("text", "load")), CLIENTS)) {
            load.awaitWarmUp();
            String updated = shell("prsm:update shouter");
            assertTrue(updated, lastLine(updated).startsWith("shouter 1.0.0 -> 1.1.0"));
            List<PluginResponse> answers = load.stop();
            assertFalse(answers.isEmpty());
            for (PluginResponse answer : answers) {
                assertTrue(answer.error(), answer.success());
            }
        }
        assertEquals("1.1.0", data(shout("hi")).get("version"));
        assertTrue(shell("prsm:update shouter").contains("is the newest version"));

        plugins.uninstall("shouter");
        awaitNoLibrary();
        assertTrue(auditLog().contains("uninstall library io.prsm.sample.market.base"));
    }

    @Test
    public void aLibraryTheSandboxMayNotWireIsRefusedNamingItWithNothingInstalled() throws Exception {
        Path folder = publishedRepository("leaky", jar("leakLib"), jar("leaky"));
        market.addRepository("leaky", folder.toString(), List.of());
        int bundles = context.getBundles().length;

        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> market.install("leaky", null));

        // one line saying why, not the resolver's tree of requirements
        assertEquals(refused.getMessage(), 2, refused.getMessage().lines().count());
        assertTrue(refused.getMessage(), refused.getMessage().contains("it imports package io.prsm.sample.market.leak "
                + "from the library io.prsm.sample.market.leak ") && refused.getMessage().contains("sandbox plugins may "
                + "use a package only if levels.sandbox.packages in policy.json allows it"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("Nothing was installed"));
        assertTrue(libraries().isEmpty());
        assertTrue(plugins.list().isEmpty());
        assertEquals(bundles, context.getBundles().length);
        assertTrue(auditLog().contains("sandbox plugins may not use package io.prsm.sample.market.leak"));
    }

    @Test
    public void aTamperedJarIsRefusedAndAudited() throws Exception {
        Path folder = publishedRepository("tampered", jar("shouter1"));
        // another build put where the published one was: the index's SHA-256 no longer matches
        Files.copy(Path.of(jar("shouter2")), folder.resolve("shouter-1.0.0.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        market.addRepository("tampered", folder.toString(), List.of());

        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> market.install("shouter", null));

        assertTrue(refused.getMessage(), refused.getMessage().contains("it was changed after it was published"));
        assertTrue(plugins.list().isEmpty());
        assertTrue(libraries().isEmpty());
        assertTrue(auditLog().contains("\"request\":\"download " + folder.toUri().resolve("shouter-1.0.0.jar")));
    }

    @Test
    public void aRepositoryServedOverHttpOnLoopbackInstallsAsAFolderDoes() throws Exception {
        Path folder = publishedRepository("served", jar("shouter1"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/repo/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring("/repo/".length()));
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
            assertTrue(shell("prsm:repo add served " + url).startsWith("Added repository served (" + url + ")"));
            assertTrue(shell("prsm:search").contains("shouter  1.0.0  utility  sandbox  served"));
            assertTrue(lastLine(shell("prsm:install shouter")).startsWith("shouter 1.0.0 from repository served"));
            assertEquals("HI!", data(shout("hi")).get("text"));
        } finally {
            server.stop(0);
        }

        // the server is gone: the other repositories are still searched, and the answer says why one is not
        market.addRepository("local", publishedRepository("local", jar("shouter2")).toString(), List.of());
        String found = shell("prsm:search shout");
        assertTrue(found, found.startsWith("shouter  1.1.0  utility  sandbox  local"));
        assertTrue(found, found.contains("Skipped repository served: ") && found.contains("Connection refused")
                && found.contains("remove it with prsm:repo remove served."));
        assertTrue(shell("prsm:show shouter").contains("Skipped repository served: "));
    }

    @Test
    public void aRepositoryThatRequiresASignerRefusesAnUnsignedJarAndInstallsASignedOne() throws Exception {
        Path unsigned = publishedRepository("unsigned", jar("shouter1"));
        market.addRepository("unsigned", unsigned.toString(), List.of(SIGNER));
        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> market.install("shouter", null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("it is not signed"));
        assertTrue(auditLog().contains("requires a signature by " + SIGNER));
        assertTrue(libraries().isEmpty());
        market.removeRepository("unsigned");

        JarSigning signing = new JarSigning(Files.createTempDirectory(storage, "keys-"), SIGNER);
        Path signedJars = Files.createTempDirectory(storage, "signed-jars-");
        List<String> jars = new ArrayList<>();
        for (String sample : List.of("shoutBase", "shoutText", "shouter1")) {
            Path signed = signedJars.resolve(Path.of(jar(sample)).getFileName());
            signing.sign(Path.of(jar(sample)), signed);
            jars.add(signed.toString());
        }
        Path folder = Files.createTempDirectory(storage, "signed-repo-");
        for (String signed : jars) {
            market.publish(signed, folder.toString());
        }
        // the certificate says "CN=PRSM Test Publisher,O=PRSM": the same subject written with a space
        market.addRepository("signed", folder.toString(), List.of(SIGNER_AS_TYPED));
        assertEquals("shouter 1.0.0 from repository signed, with the libraries io.prsm.sample.market.base "
                + libraryVersion("shoutBase") + ", io.prsm.sample.market.text " + libraryVersion("shoutText"),
                lastLine(shell("prsm:install --repo signed shouter")));
        assertEquals("HI!", data(shout("hi")).get("text"));

        // a newer, unsigned version in a repository that requires no signer is no update for it
        market.addRepository("anyone", publishedRepository("anyone", jar("shouter2")).toString(), List.of());
        assertTrue(shell("prsm:search shouter").contains("shouter  1.1.0  utility  sandbox  anyone"));
        String update = shell("prsm:update shouter");
        assertTrue(update, update.startsWith("shouter 1.0.0 is the newest version"));
        // and the output says why the newer version was not taken
        assertTrue(update, update.contains("\nIgnored shouter 1.1.0 in repository anyone: it does not require the "
                + "signers that repository signed, which shouter was installed from, requires (" + SIGNER_AS_TYPED
                + ")."));
        assertEquals("1.0.0", data(shout("hi")).get("version"));
        assertEquals("signed", market.origin("shouter").orElseThrow().name());
        // nor when the signed repository is gone and only the unsigned one offers it
        market.removeRepository("signed");
        update = shell("prsm:update");
        assertTrue(update, update.startsWith("shouter 1.0.0 is the newest version within its major version that "
                + "repository signed, or one at least as strict, offers"));
        assertEquals("1.0.0", data(shout("hi")).get("version"));
    }

    @Test
    public void aTrustedPluginIsNotInstalledFromARepositoryThatRequiresNoSigner() throws Exception {
        // the policy would trust it installed from a file: the repository is what falls short
        Files.writeString(storage.resolve("policy.json"), "{\"trusted\":{\"trusted-temp-file\":\"\"}}");
        shell("prsm:policy reload");
        Path folder = Files.createTempDirectory(storage, "unsigned-trusted-");
        market.publish(property("prsm.trusted.tempFile"), folder.toString());
        market.addRepository("anyone", folder.toString(), List.of());

        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> market.install("trusted-temp-file", null));

        assertTrue(refused.getMessage(), refused.getMessage().contains("a plugin of level trusted is installed from a "
                + "repository only when someone must have signed it: add the repository again with --signed-by "
                + "SUBJECT, or name the signers in repositories.anyone.signed_by of policy.json"));
        assertTrue(plugins.list().isEmpty());
        assertTrue(auditLog().contains("\"request\":\"install trusted-temp-file"));
    }

    @Test
    public void anInstallPrintsItsPlanBeforeTheResultAndADryRunInstallsNothing() throws Exception {
        Path folder = publishedRepository("planned", jar("shouter1"), jar("shouter2"));
        market.addRepository("planned", folder.toString(), List.of());
        int bundles = context.getBundles().length;
        List<String> plan = List.of(
                "library io.prsm.sample.market.base " + libraryVersion("shoutBase") + " from repository planned, "
                        + Files.size(Path.of(jar("shoutBase"))) + " bytes, level sandbox, unsigned",
                "library io.prsm.sample.market.text " + libraryVersion("shoutText") + " from repository planned, "
                        + Files.size(Path.of(jar("shoutText"))) + " bytes, level sandbox, unsigned",
                "plugin shouter 1.0.0 from repository planned, " + Files.size(Path.of(jar("shouter1")))
                        + " bytes, level sandbox, unsigned");

        List<String> dryRun = shell("prsm:install --dry-run 'shouter@[1.0,1.1)'").lines().toList();

        assertEquals(Stream.concat(plan.stream().map(line -> "Would install " + line), Stream.of("Dry run: nothing "
                + "was installed; run the same command without --dry-run to install.")).toList(), dryRun);
        assertEquals(bundles, context.getBundles().length);
        assertTrue(plugins.list().isEmpty());

        List<String> installed = shell("prsm:install 'shouter@[1.0,1.1)'").lines().toList();
        assertEquals(plan.stream().map(line -> "Installing " + line).toList(), installed.subList(0, 3));
        assertTrue(installed.toString(), installed.get(3).startsWith("shouter 1.0.0 from repository planned, with"));
        assertEquals(4, installed.size());

        assertEquals(List.of("Would install plugin shouter 1.1.0 from repository planned, "
                + Files.size(Path.of(jar("shouter2"))) + " bytes, level sandbox, unsigned", "Dry run: nothing was "
                + "installed; run the same command without --dry-run to update."),
                shell("prsm:update --dry-run shouter").lines().toList());
        assertEquals("1.0.0", data(shout("hi")).get("version"));
        String dryRunOfJar = assertThrows(Exception.class, () -> shell("prsm:install --dry-run " + jar("shouter2")))
                .getMessage();
        assertTrue(dryRunOfJar, dryRunOfJar.startsWith("--dry-run takes a plugin id, not '"));
    }

    @Test
    public void aPluginWithNoRecordedRepositoryIsUpdatedOnlyFromTheRepositoryNamed() throws Exception {
        Path folder = publishedRepository("unrecorded", jar("shouter2"));
        market.addRepository("unrecorded", folder.toString(), List.of());
        // as a marketplace that recorded no origins left it: the libraries by id, the plugin from its file
        for (String library : List.of("shoutBase", "shoutText")) {
            try (java.io.InputStream in = Files.newInputStream(Path.of(jar(library)))) {
                context.installBundle(LIBRARY + library, in);
            }
        }
        plugins.install(jar("shouter1"), null);
        assertTrue(market.origin("shouter").isEmpty());

        String refused = assertThrows(Exception.class, () -> shell("prsm:update shouter")).getMessage();
        assertTrue(refused, refused.startsWith("Plugin 'shouter' has no recorded repository (it was installed from a "
                + "file or URL, or by id before ") && refused.contains("Name the one to take it from: prsm:update "
                + "--repo NAME shouter"));
        assertTrue(shell("prsm:update").contains("shouter 1.0.0 not updated: it has no recorded repository; "
                + "prsm:update --repo NAME shouter names the one to take it from."));
        assertEquals("1.0.0", data(shout("hi")).get("version"));

        String updated = shell("prsm:update --repo unrecorded shouter");
        assertTrue(updated, lastLine(updated).startsWith("shouter 1.0.0 -> 1.1.0 from repository unrecorded"));
        assertEquals("1.1.0", data(shout("hi")).get("version"));
        assertEquals("unrecorded", market.origin("shouter").orElseThrow().name());
    }

    @Test
    public void aSkippedRepositoryIsNamedAfterASuccessfulInstall() throws Exception {
        Path gone = publishedRepository("gone");
        market.addRepository("gone", gone.toString(), List.of());
        Files.delete(gone.resolve("index.xml"));
        market.addRepository("present", publishedRepository("present", jar("shouter1")).toString(), List.of());

        List<String> installed = shell("prsm:install shouter").lines().toList();

        assertTrue(installed.toString(), installed.get(3).startsWith("shouter 1.0.0 from repository present"));
        assertTrue(installed.toString(), installed.get(4).startsWith("Skipped repository gone: "));
        assertEquals(5, installed.size());
    }

    @Test
    public void thePolicyRequiresSignersForARepositoryAndAReloadAppliesAtOnce() throws Exception {
        Path folder = publishedRepository("policed", jar("shouter1"));
        market.addRepository("policed", folder.toString(), List.of());
        policy(", \"repositories\": {\"policed\": {\"signed_by\": [\"" + SIGNER_AS_TYPED + "\"]}}");

        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> market.install("shouter", null));

        assertTrue(refused.getMessage(), refused.getMessage().contains("it is not signed (or a signed entry was "
                + "changed), but the policy (\"repositories\" in policy.json) requires jars from repository 'policed' "
                + "to be signed by " + SIGNER_AS_TYPED));
        assertTrue(libraries().isEmpty());
        assertTrue(plugins.list().isEmpty());
        String audit = auditLog();
        assertTrue(audit, audit.contains("from repository policed") && audit.contains("(jar ")
                && audit.contains("expected signers: " + SIGNER_AS_TYPED));

        // the rule is the policy's: reloaded without it, the same repository installs
        policy("");
        assertTrue(lastLine(shell("prsm:install shouter")).startsWith("shouter 1.0.0 from repository policed"));
    }

    @Test
    public void theStricterOfTheRepositorysSignerAndThePolicysWins() throws Exception {
        JarSigning signing = new JarSigning(Files.createTempDirectory(storage, "keys-"), SIGNER);
        Path signedJars = Files.createTempDirectory(storage, "signed-jars-");
        Path folder = Files.createTempDirectory(storage, "signed-repo-");
        for (String sample : List.of("shoutBase", "shoutText", "shouter1")) {
            Path signed = signedJars.resolve(Path.of(jar(sample)).getFileName());
            signing.sign(Path.of(jar(sample)), signed);
            market.publish(signed.toString(), folder.toString());
        }
        market.addRepository("signed", folder.toString(), List.of(SIGNER));
        // the repository accepts the signer; the policy, for every repository, only another
        policy(", \"repositories\": {\"*\": {\"signed_by\": [\"CN=Someone Else\"]}}");

        String refused = assertThrows(Exception.class, () -> shell("prsm:install --dry-run shouter")).getMessage();

        assertTrue(refused, refused.contains("it is signed by [" + SIGNER + "], but the policy (\"repositories\" in "
                + "policy.json) requires jars from repository 'signed' to be signed by CN=Someone Else"));
        assertTrue(auditLog().contains("expected signers: CN=Someone Else"));
        policy(", \"repositories\": {\"*\": {\"signed_by\": [\"CN=Someone Else\", \"" + SIGNER_AS_TYPED + "\"]}}");
        String installed = shell("prsm:install shouter");
        assertTrue(installed, installed.startsWith("Installing library io.prsm.sample.market.base ")
                && installed.contains("signed by " + SIGNER));
        assertTrue(lastLine(installed).startsWith("shouter 1.0.0 from repository signed"));
    }

    @Test
    public void aLibraryThatRunsProcessesIsScannedAtItsPluginsLevelAndRefusedWithNothingInstalled() throws Exception {
        // the sandbox may wire the library's package: what refuses it is its code
        Files.writeString(storage.resolve("policy.json"), "{\"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.exec\"]}}}");
        shell("prsm:policy reload");
        Path folder = publishedRepository("hostile", jar("execLib"), jar("execs"));
        market.addRepository("hostile", folder.toString(), List.of());
        int bundles = context.getBundles().length;

        String refused = assertThrows(Exception.class, () -> shell("prsm:install execs")).getMessage();

        assertTrue(refused, refused.startsWith("Refused plugin execs 1.0.0: the library io.prsm.sample.market.exec "
                + libraryVersion("execLib") + " it needs (from repository 'hostile') may not run at level sandbox, "
                + "the level of the plugin that pulls it in:"));
        assertTrue(refused, refused.contains("io.prsm.sample.market.exec.Shell") && refused.contains("java.lang.Runtime")
                && refused.contains("exec"));
        assertTrue(refused, refused.endsWith("Nothing was installed."));
        assertEquals(bundles, context.getBundles().length);
        assertTrue(plugins.list().isEmpty());
        assertTrue(libraries().isEmpty());
        assertTrue(auditLog().contains("install library io.prsm.sample.market.exec " + libraryVersion("execLib")
                + " (from repository 'hostile') for execs 1.0.0"));
        String dryRun = assertThrows(Exception.class, () -> shell("prsm:install --dry-run execs")).getMessage();
        assertTrue(dryRun, dryRun.startsWith("Refused plugin execs 1.0.0: the library io.prsm.sample.market.exec "));
    }

    @Test
    public void aLibraryInstalledAlreadyIsScannedAgainAtTheLevelOfANewPluginThatNeedsIt() throws Exception {
        Files.writeString(storage.resolve("policy.json"), "{\"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.exec\"]}}}");
        shell("prsm:policy reload");
        // as a marketplace that did not scan libraries left it: installed and resolved, no plugin on it yet
        Bundle library;
        try (java.io.InputStream in = Files.newInputStream(Path.of(jar("execLib")))) {
            library = context.installBundle(LIBRARY + "exec-lib", in);
        }
        try {
            assertTrue(context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class)
                    .resolveBundles(List.of(library)));
            market.addRepository("plugin-only", publishedRepository("plugin-only", jar("execs")).toString(), List.of());

            String refused = assertThrows(Exception.class, () -> shell("prsm:install execs")).getMessage();

            assertTrue(refused, refused.startsWith("Refused plugin execs 1.0.0: the library io.prsm.sample.market.exec "
                    + libraryVersion("execLib") + " it needs (installed already) may not run at level sandbox"));
            assertTrue(refused, refused.contains("io.prsm.sample.market.exec.Shell"));
            assertTrue(plugins.list().isEmpty());
        } finally {
            library.uninstall();
        }
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** A fresh folder with the two shout libraries and {@code more} published into it. */
    private Path publishedRepository(String name, String... more) throws Exception {
        Path folder = Files.createTempDirectory(storage, name + "-");
        List<String> jars = new ArrayList<>(List.of(jar("shoutBase"), jar("shoutText")));
        jars.addAll(Arrays.asList(more));
        for (String jar : jars) {
            assertTrue(shell("prsm:publish " + jar + " " + folder).startsWith("Published "));
        }
        assertTrue(Files.readString(folder.resolve("index.xml"), StandardCharsets.UTF_8)
                .contains("name=\"osgi.content\""));
        return folder;
    }

    private static String jar(String sample) {
        return property("prsm.market." + sample);
    }

    /** The Bundle-Version a library sample was built with. */
    private static String libraryVersion(String sample) throws IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(jar(sample))) {
            return jar.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    private List<Bundle> libraries() {
        return Stream.of(context.getBundles()).filter(b -> b.getLocation().startsWith(LIBRARY)).toList();
    }

    /** Waits (on the framework's events) until the marketplace has removed every library. */
    private void awaitNoLibrary() throws InterruptedException {
        while (true) {
            CountDownLatch removed = new CountDownLatch(1);
            BundleListener listener = event -> {
                if (event.getType() == BundleEvent.UNINSTALLED) {
                    removed.countDown();
                }
            };
            context.addBundleListener(listener);
            try {
                if (libraries().isEmpty()) {
                    return;
                }
                assertTrue("libraries left: " + libraries(), removed.await(SAFETY_SECONDS, TimeUnit.SECONDS));
            } finally {
                context.removeBundleListener(listener);
            }
        }
    }

    private PluginResponse shout(String text) throws Exception {
        return plugins.execute("shouter", new Task("shout", Map.of("text", text))).toCompletableFuture()
                .get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(PluginResponse response) {
        assertTrue(response.error(), response.success());
        return (Map<String, Object>) response.data();
    }
}
