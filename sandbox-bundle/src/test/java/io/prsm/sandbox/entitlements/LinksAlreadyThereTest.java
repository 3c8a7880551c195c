package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;
import io.prsm.sandbox.policy.PluginEntitlements.FileEntry;

/**
 * Links a plugin did not make (the operator's, or from before making them was refused) in a folder
 * it may use: the names allow the path, the kernel follows the link, so the rule judges the real path.
 */
public class LinksAlreadyThereTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final SinkActs acts = new SinkActs(type -> false);
    private EntitlementRules rules;
    private Path data;
    private Path host;

    @Before
    public void aDataFolderBesideAHostFolder() throws Exception {
        Path root = folder.newFolder("plugins").toPath();
        rules = new EntitlementRules(root, Path.of("/nonexistent-jdk"));
        data = Files.createDirectories(root.resolve("p/data"));
        host = Files.createDirectories(folder.getRoot().toPath().resolve("host"));
        Files.writeString(host.resolve("secret"), "s");
    }

    private Optional<String> refusal(String sink, Object target, PluginEntitlements granted) {
        List<Act> wanted = acts.describe(sink, target, null);
        assertEquals(1, wanted.size());
        return rules.refusal("p", Classification.SANDBOX, granted, wanted.get(0), thread -> false, type -> false,
                bundleId -> false, type -> false);
    }

    @Test
    public void aPathThroughALinkOutOfTheDataFolderIsRefusedForReadingAndWriting() throws Exception {
        Files.createSymbolicLink(data.resolve("out"), host);
        Optional<String> read = refusal("file.read", data.resolve("out/secret"), PluginEntitlements.NONE);
        assertTrue(read.isPresent());
        assertTrue(read.get(), read.get().contains("symbolic link to " + host.toRealPath().resolve("secret")));
        // a file the act would create: the nearest part that exists is the link
        assertTrue(refusal("file.write", data.resolve("out/new/deeper"), PluginEntitlements.NONE).isPresent());
        assertTrue(refusal("file.read", data.resolve("out").toString(), PluginEntitlements.NONE).isPresent());
    }

    @Test
    public void dotDotAfterALinkInsideTheDataFolderIsWalkedAsTheKernelWalksIt() throws Exception {
        Files.createDirectories(data.resolve("d0/d1/d2"));
        Files.createSymbolicLink(data.resolve("d0/d1/d2/up"), data);
        // by name data/d0/host/secret; the kernel goes up to data, then p, plugins and the temporary folder
        String escaping = data + "/d0/d1/d2/up/../../../host/secret";
        assertTrue(refusal("file.read", escaping, PluginEntitlements.NONE).isPresent());
        assertTrue(refusal("file.write", data + "/d0/d1/d2/up/../../../host/new", PluginEntitlements.NONE)
                .isPresent());
        // the same link used without leaving: its real path is in the data folder
        assertTrue(refusal("file.read", data + "/d0/d1/d2/up/d0", PluginEntitlements.NONE).isEmpty());
    }

    @Test
    public void ordinaryFilesAndLinksThatStayInsideAreAllowed() throws Exception {
        Files.writeString(data.resolve("kept"), "k");
        Files.createSymbolicLink(data.resolve("alias"), data.resolve("kept"));
        assertTrue(refusal("file.read", data.resolve("kept"), PluginEntitlements.NONE).isEmpty());
        assertTrue(refusal("file.write", data.resolve("not/yet/there"), PluginEntitlements.NONE).isEmpty());
        assertTrue(refusal("file.read", data.resolve("alias"), PluginEntitlements.NONE).isEmpty());
        assertTrue(refusal("file.read", data + "/./kept", PluginEntitlements.NONE).isEmpty());
    }

    @Test
    public void aGrantedFolderHoldingALinkOutIsJudgedByWhereTheLinkLeads() throws Exception {
        Path shared = Files.createDirectories(folder.getRoot().toPath().resolve("shared"));
        Files.createSymbolicLink(shared.resolve("out"), host);
        PluginEntitlements grantsShared = new PluginEntitlements(List.of(new FileEntry(shared.toString(), false)),
                List.of(), List.of(), false);
        assertTrue(refusal("file.read", shared.resolve("out/secret"), grantsShared).isPresent());
        // granting where it leads allows it: the real path is judged like any other
        PluginEntitlements grantsBoth = new PluginEntitlements(List.of(new FileEntry(shared.toString(), false),
                new FileEntry(host.toString(), false)), List.of(), List.of(), false);
        assertTrue(refusal("file.read", shared.resolve("out/secret"), grantsBoth).isEmpty());
    }

    @Test
    public void aLoopOfLinksIsRefused() throws Exception {
        Files.createSymbolicLink(data.resolve("a"), data.resolve("b"));
        Files.createSymbolicLink(data.resolve("b"), data.resolve("a"));
        Optional<String> loop = refusal("file.read", data.resolve("a/x"), PluginEntitlements.NONE);
        assertTrue(loop.isPresent());
        assertTrue(loop.get(), loop.get().contains("cannot be resolved"));
    }
}
