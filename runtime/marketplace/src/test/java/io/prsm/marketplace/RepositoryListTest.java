package io.prsm.marketplace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

public class RepositoryListTest {

    @Rule
    public TemporaryFolder storage = new TemporaryFolder();

    @Test
    public void repositoriesAreKeptAcrossRestartsInTheOrderTheyWereAdded() throws Exception {
        RepositoryList list = new RepositoryList(storage.getRoot().toPath());
        list.add(new Repository("team", "/srv/team", List.of()));
        list.add(new Repository("vendor", "https://repo.example.com/prsm", List.of("CN=Example Corp")));

        RepositoryList restarted = new RepositoryList(storage.getRoot().toPath());

        assertEquals(list.all(), restarted.all());
        assertEquals(List.of("CN=Example Corp"), restarted.named("vendor").orElseThrow().signers());
    }

    @Test
    public void aTakenOrMalformedNameIsRefusedAndTheListStaysAsItWas() throws Exception {
        RepositoryList list = new RepositoryList(storage.getRoot().toPath());
        list.add(new Repository("team", "/srv/team", List.of()));

        String taken = assertThrows(PluginOperationException.class,
                () -> list.add(new Repository("team", "/srv/other", List.of()))).getMessage();
        String malformed = assertThrows(PluginOperationException.class,
                () -> list.add(new Repository("Team Repo", "/srv/other", List.of()))).getMessage();

        assertTrue(taken, taken.contains("There is a repository 'team' already (/srv/team)"));
        assertTrue(malformed, malformed.contains("'Team Repo' is not a repository name"));
        assertEquals(List.of(new Repository("team", "/srv/team", List.of())),
                new RepositoryList(storage.getRoot().toPath()).all());
    }

    @Test
    public void removingAnUnknownRepositorySaysHowToListThem() throws Exception {
        RepositoryList list = new RepositoryList(storage.getRoot().toPath());
        String unknown = assertThrows(PluginOperationException.class, () -> list.remove("nope")).getMessage();
        assertEquals("No repository 'nope'. Run prsm:repo list to see the repositories.", unknown);
    }

    @Test
    public void anUnreadableListStopsTheStartWithWhereItIs() throws Exception {
        Path file = storage.getRoot().toPath().resolve("marketplace").resolve("repositories.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[{\"name\":");
        String refused = assertThrows(IOException.class, () -> new RepositoryList(storage.getRoot().toPath()))
                .getMessage();
        assertTrue(refused, refused.startsWith("The repository list " + file + " is unreadable"));
    }
}
