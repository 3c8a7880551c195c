package io.prsm.sandbox.entitlements;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PluginEntitlements;

/**
 * Names remembered as no link (so that a plugin's file acts in its own folder do not read every
 * name's attributes again): as an attacker would try it, by moving a link it did not make over a
 * name the check already saw, and by the operator making a link at such a name.
 */
public class LinkFreeNamesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SinkActs acts = new SinkActs(type -> false);
    private EntitlementRules rules;
    private Path data;
    private Path host;

    @Before
    public void aDataFolderBesideAHostFolder() throws Exception {
        Path root = folder.newFolder("plugins").toPath();
        rules = new EntitlementRules(root, Path.of("/nonexistent-jdk"), new LinkFreeNames(now::get));
        data = Files.createDirectories(root.resolve("p/data"));
        host = Files.createDirectories(folder.getRoot().toPath().resolve("host"));
        Files.writeString(host.resolve("secret"), "s");
    }

    private Optional<String> refusal(String sink, Object target, Object detail) {
        Optional<String> refused = Optional.empty();
        for (Act act : acts.describe(sink, target, detail)) {
            refused = rules.refusal("p", Classification.SANDBOX, PluginEntitlements.NONE, act, thread -> false,
                    type -> false, bundleId -> false, type -> false);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return refused;
    }

    @Test
    public void movingAFolderHoldingALinkOverANameAlreadySeenIsRefused() throws Exception {
        Files.createDirectories(data.resolve("x"));
        Files.writeString(data.resolve("x/f"), "mine");
        assertTrue(refusal("file.read", data.resolve("x/f"), null).isEmpty());
        // the operator's folder, holding a link out under the same name
        Files.createDirectories(data.resolve("d/deeper"));
        Files.createSymbolicLink(data.resolve("d/deeper/f"), host.resolve("secret"));
        Files.delete(data.resolve("x/f"));
        Files.delete(data.resolve("x"));
        Optional<String> moved = refusal("file.move", data.resolve("d"), data.resolve("x"));
        assertTrue(moved.isPresent());
        assertTrue(moved.get(), moved.get().contains("moves a symbolic link, or a folder holding one"));
        Optional<String> renamed = refusal("file.move", new File(data.toFile(), "d"), new File(data.toFile(), "x"));
        assertTrue("File.renameTo", renamed.isPresent());
        // the link itself, moved over a name seen, is refused too
        Files.writeString(data.resolve("y"), "mine");
        assertTrue(refusal("file.read", data.resolve("y"), null).isEmpty());
        assertTrue(refusal("file.move", data.resolve("d/deeper/f"), data.resolve("y")).isPresent());
    }

    @Test
    public void movingWhatHoldsNoLinkIsAllowedAndLeavesNamesSeenTrue() throws Exception {
        Files.createDirectories(data.resolve("d/deeper"));
        Files.writeString(data.resolve("d/deeper/f"), "mine");
        assertTrue(refusal("file.read", data.resolve("d/deeper/f"), null).isEmpty());
        assertTrue(refusal("file.move", data.resolve("d"), data.resolve("x")).isEmpty());
        assertTrue(refusal("file.move", data.resolve("d/deeper/f"), data.resolve("g")).isEmpty());
        // a link that stays inside is still not to be moved: where a relative link leads depends on where it stands
        Files.createSymbolicLink(data.resolve("alias"), Path.of("d"));
        assertTrue(refusal("file.read", data.resolve("alias/deeper/f"), null).isEmpty());
        assertTrue(refusal("file.move", data.resolve("alias"), data.resolve("d/alias")).isPresent());
    }

    @Test
    public void anOperatorsLinkAtANameSeenIsJudgedOnceTheNameIsNoLongerBelieved() throws Exception {
        Files.createDirectories(data.resolve("x"));
        Files.writeString(data.resolve("x/f"), "mine");
        assertTrue(refusal("file.read", data.resolve("x/f"), null).isEmpty());
        // the operator (trusted, out of the checks' sight) replaces the folder by a link out
        Files.delete(data.resolve("x/f"));
        Files.delete(data.resolve("x"));
        Files.createSymbolicLink(data.resolve("x"), host);
        Files.createSymbolicLink(host.resolve("f"), host.resolve("secret"));
        now.addAndGet(LinkFreeNames.REMEMBERED_NANOS);
        Optional<String> read = refusal("file.read", data.resolve("x/f"), null);
        assertTrue(read.isPresent());
        assertTrue(read.get(), read.get().contains("symbolic link to " + host.toRealPath().resolve("secret")));
    }

    @Test
    public void aNameNotSeenOrMissingWhenSeenIsReadAtOnce() throws Exception {
        Files.writeString(data.resolve("kept"), "k");
        assertTrue(refusal("file.read", data.resolve("kept"), null).isEmpty());
        // missing when asked (a file the act would create): not remembered, so a link made there is seen at once
        assertTrue(refusal("file.write", data.resolve("later/new"), null).isEmpty());
        Files.createSymbolicLink(data.resolve("later"), host);
        assertTrue(refusal("file.write", data.resolve("later/new"), null).isPresent());
        // a link is never remembered as one
        assertTrue(refusal("file.read", data.resolve("later/secret"), null).isPresent());
        assertTrue(refusal("file.read", data.resolve("later/secret"), null).isPresent());
    }

    @Test
    public void theCacheAnswersAsTheFileSystemDoesForEveryNameBelowTheFolder() throws Exception {
        LinkFreeNames names = new LinkFreeNames(now::get);
        Files.createDirectories(data.resolve("a/b"));
        Files.writeString(data.resolve("a/b/c"), "c");
        Files.createSymbolicLink(data.resolve("a/l"), host);
        for (int round = 0; round < 2; round++) {
            assertTrue(names.noLinkBelow(data, data.resolve("a/b/c")));
            assertTrue(names.noLinkBelow(data, data.resolve("a/b/missing/deeper")));
            assertFalse(names.noLinkBelow(data, data.resolve("a/l/secret")));
            assertFalse(names.noLinkBelow(data, data.resolve("a/l")));
        }
        for (Path name : List.of(data.resolve("a"), data.resolve("a/b"))) {
            assertTrue(name + " is no link", names.noLinkBelow(data, name));
        }
    }
}
