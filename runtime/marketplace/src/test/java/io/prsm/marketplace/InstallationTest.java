package io.prsm.marketplace;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

import io.prsm.api.runtime.PluginOperationException;

public class InstallationTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /**
     * The refusal reaches HTTP callers too: it names what to do, never where the server keeps its
     * files. Refused before any repository, bundle or policy is consulted, so none is given.
     */
    @Test
    public void anUpdateWithNoRecordedRepositoryAsksForOneWithoutNamingTheStoragePath() throws Exception {
        Path folder = temp.newFolder("marketplace").toPath();
        Installation installation = new Installation(null, null, null, null, null, folder);

        String refused = assertThrows(PluginOperationException.class, () -> installation.update("shouter",
                new Version(1, 0, 0), List.of(), null, false, plan -> { }, warning -> { })).getMessage();

        assertTrue(refused, refused.contains("by id before the marketplace recorded where plugins came from"));
        assertTrue(refused, refused.contains("prsm:update --repo NAME shouter"));
        assertFalse(refused, refused.contains(folder.toString()) || refused.contains("origins.json"));
    }
}
