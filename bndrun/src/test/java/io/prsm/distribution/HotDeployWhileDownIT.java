package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.Test;

/**
 * A jar replaced in the hot-deploy folder while the runtime was down is taken at the next start,
 * before a batch (or the shell) sees the plugins: found when walking docs/tutorial.md (issue 19),
 * where a rebuilt plugin ran its old version.
 */
public class HotDeployWhileDownIT {

    @Test
    public void aJarReplacedWhileTheRuntimeWasDownIsSwappedInAtTheNextStart() throws Exception {
        Path storage = PrsmProcess.freshFolder("while-down-storage");
        Path plugins = PrsmProcess.freshFolder("while-down-plugins");
        Path deployed = plugins.resolve("word-stats.jar");
        Files.copy(Path.of(System.getProperty("prsm.sample.wordStats1")), deployed);
        try (PrsmProcess first = PrsmProcess.batch(storage, plugins, "prsm:list")) {
            assertEquals(first.stderr(), 0, first.exitCode());
            assertTrue(first.stdout(), first.stdout().contains("word-stats  1.0.0"));
        }

        Files.copy(Path.of(System.getProperty("prsm.sample.wordStats2")), deployed, StandardCopyOption.REPLACE_EXISTING);

        try (PrsmProcess second = PrsmProcess.batch(storage, plugins, "prsm:list")) {
            assertEquals(second.stderr(), 0, second.exitCode());
            assertTrue(second.stdout(), second.stdout().contains("word-stats  2.0.0"));
        }
    }
}
