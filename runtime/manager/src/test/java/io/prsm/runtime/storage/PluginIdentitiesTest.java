package io.prsm.runtime.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PluginIdentitiesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theFirstBundleToRunAsAPluginIdKeepsItUntilTheIdIsPurged() throws Exception {
        Path root = folder.getRoot().toPath();
        PluginIdentities identities = new PluginIdentities(root);
        assertEquals(Optional.empty(), identities.conflict("analytics-dashboard", "io.example.evil", Set.of()));
        identities.claim("analytics-dashboard", "io.prsm.sample.analytics", Set.of());
        Files.createDirectories(root.resolve("analytics-dashboard/data"));
        Files.writeString(root.resolve("analytics-dashboard/data/dashboard.x"), "secret");

        assertEquals(Optional.empty(), identities.conflict("analytics-dashboard", "io.prsm.sample.analytics", Set.of()));
        String refused = identities.conflict("analytics-dashboard", "io.example.evil", Set.of()).orElseThrow();
        assertTrue(refused, refused.contains("plugin id 'analytics-dashboard' belongs to bundle io.prsm.sample.analytics"));
        assertTrue(refused, refused.contains("prsm:data purge analytics-dashboard"));
        identities.claim("analytics-dashboard", "io.example.evil", Set.of());
        assertTrue("a second claim changes nothing",
                identities.conflict("analytics-dashboard", "io.example.evil", Set.of()).isPresent());

        assertEquals(Set.of("analytics-dashboard"), identities.ids());
        assertTrue(identities.purge("analytics-dashboard"));
        assertFalse(Files.exists(root.resolve("analytics-dashboard")));
        assertFalse(identities.purge("analytics-dashboard"));
        assertEquals(Optional.empty(), identities.conflict("analytics-dashboard", "io.example.evil", Set.of()));
    }

    @Test
    public void aSignedPluginStaysBoundToItsSigner() throws Exception {
        PluginIdentities identities = new PluginIdentities(folder.getRoot().toPath());
        identities.claim("webhooks", "io.example.webhooks", Set.of("CN=Example Corp"));
        assertEquals(Optional.empty(), identities.conflict("webhooks", "io.example.webhooks", Set.of("CN=Example Corp",
                "CN=Other")));
        assertTrue(identities.conflict("webhooks", "io.example.webhooks", Set.of()).orElseThrow()
                .contains("signed by CN=Example Corp"));
        assertTrue(identities.conflict("webhooks", "io.example.webhooks", Set.of("CN=Mallory")).isPresent());
    }

    @Test
    public void anUnreadableRecordRefusesAndSaysHowToPurge() throws Exception {
        Path root = folder.getRoot().toPath();
        Files.createDirectories(root.resolve("x/identity.properties"));
        String refused = new PluginIdentities(root).conflict("x", "io.example.x", Set.of()).orElseThrow();
        assertTrue(refused, refused.contains("cannot be read") && refused.contains("prsm:data purge x"));
    }
}
