package io.prsm.marketplace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.Test;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

public class RepositoryReaderTest {

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
}
