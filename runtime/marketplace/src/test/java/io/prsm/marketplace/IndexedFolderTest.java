package io.prsm.marketplace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.resource.Resource;

import io.prsm.api.marketplace.Listing;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/** The index bnd writes for a folder holds what a search shows, without opening a jar. */
public class IndexedFolderTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void theIndexHoldsThePluginsMetadataAndItsDigest() throws Exception {
        Path folder = temporary.newFolder("repository").toPath();
        Path jar = folder.resolve("notes-1.2.0.jar");
        writePlugin(jar);

        assertEquals(1, new IndexedFolder(folder).reindex());
        Repository repository = new Repository("team", folder.toString(), List.of());
        List<Resource> resources = RepositoryReader.from(name -> null).resources(repository);
        Listing listing = Listings.of("team", RepositoryReader.base(folder.toString()), resources.get(0)).orElseThrow();

        assertEquals("notes", listing.pluginId());
        assertEquals("1.2.0", listing.version());
        assertEquals("utility", listing.type());
        assertEquals("sandbox", listing.level());
        assertEquals(List.of("note_taking", "search"), listing.capabilities());
        assertEquals(List.of("read_analytics_data", "admin_access (optional)"), listing.permissions());
        assertEquals(List.of("add", "find"), listing.taskTypes());
        assertEquals("Keeps notes", listing.description());
        assertEquals("Example Corp", listing.vendor());
        assertEquals(jar, Path.of(java.net.URI.create(listing.url())));
        assertEquals(RepositoryReader.sha256(Files.readAllBytes(jar)), listing.sha256());
        assertTrue(listing.entitlements().toString(), listing.entitlements().get(0).contains("path=exports"));
    }

    @Test
    public void theIndexAndNewFilesGetTheUmasksPermissionsSoAWebServerCanServeThem() throws Exception {
        Path folder = temporary.newFolder("served").toPath();
        writePlugin(folder.resolve("notes-1.2.0.jar"));
        new IndexedFolder(folder).reindex();
        Set<PosixFilePermission> newFile = Files.getPosixFilePermissions(Files.createFile(folder.resolve("probe")));

        assertEquals(newFile, Files.getPosixFilePermissions(folder.resolve(IndexedFolder.INDEX)));
        assertEquals(newFile, Files.getPosixFilePermissions(IndexedFolder.newFile(folder, ".publish-")));
    }

    @Test
    public void aLibraryIsIndexedButListedAsNoPlugin() throws Exception {
        Path folder = temporary.newFolder("libraries").toPath();
        Manifest manifest = manifest();
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "com.example.lib");
        writeJar(folder.resolve("com.example.lib-1.0.0.jar"), manifest);

        new IndexedFolder(folder).reindex();
        List<Resource> resources = RepositoryReader.from(name -> null).resources(new Repository("libs", folder.toString(), List.of()));

        assertEquals(1, resources.size());
        assertTrue(Listings.of("libs", RepositoryReader.base(folder.toString()), resources.get(0)).isEmpty());
    }

    @Test
    public void anIndexThatRefersToAnotherIndexIsRefusedWithoutFollowingIt() throws Exception {
        Path folder = temporary.newFolder("referring").toPath();
        Path elsewhere = temporary.newFolder("elsewhere").toPath();
        writePlugin(elsewhere.resolve("notes-1.2.0.jar"));
        new IndexedFolder(elsewhere).reindex();
        Files.writeString(folder.resolve(IndexedFolder.INDEX), "<?xml version='1.0' encoding='UTF-8'?>\n"
                + "<repository xmlns='http://www.osgi.org/xmlns/repository/v1.0.0' name='r' increment='1'>"
                + "<referral url='" + elsewhere.resolve(IndexedFolder.INDEX).toUri() + "'/></repository>");

        String refused = assertThrows(PluginOperationException.class,
                () -> RepositoryReader.from(name -> null).resources(new Repository("referring", folder.toString(), List.of())))
                .getMessage();

        assertTrue(refused, refused.startsWith("The index of repository 'referring' ("));
        assertTrue(refused, refused.contains("is not an OSGi repository index: Too deep"));
    }

    @Test
    public void aFolderWithoutAnIndexIsNamedAndTheCallerSaysWhatToDo() throws Exception {
        Path folder = temporary.newFolder("empty").toPath();
        String refused = assertThrows(RepositoryReader.Missing.class,
                () -> RepositoryReader.from(name -> null).resources(new Repository("empty", folder.toString(), List.of())))
                .getMessage();
        assertEquals("Nothing at " + folder.toUri().resolve(IndexedFolder.INDEX) + ", where the index of repository "
                + "'empty' should be.", refused);
    }

    /**
     * Issue 20: a repository added already whose folder went away is not one to create with
     * prsm:publish (that advice is for prsm:repo add of a folder without an index).
     */
    @Test
    public void anAddedRepositoryWhoseFolderWentAwayIsToCheckOrRemove() throws Exception {
        Path folder = temporary.newFolder("gone").toPath();
        Files.delete(folder);
        Repository gone = new Repository("gone", folder.toString(), List.of());
        String refused = assertThrows(PluginOperationException.class,
                () -> Offer.read(RepositoryReader.from(name -> null), List.of(gone))).getMessage();
        assertEquals("Nothing at " + RepositoryReader.base(folder.toString()).resolve(IndexedFolder.INDEX)
                + ", where the index of repository 'gone' should be. Check its server or folder, or remove it with prsm:repo remove gone.", refused);
        assertEquals("Skipped repository gone: Nothing here. Check its server or folder, or remove it with prsm:repo "
                + "remove gone.", RepositorySearch.skipped(gone, RepositorySearch.unreadable(gone,
                        new PluginOperationException("Nothing here."))));
    }

    private static void writePlugin(Path jar) throws Exception {
        Manifest manifest = manifest();
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-SymbolicName", "com.example.notes");
        main.putValue("Bundle-Version", "1.2.0");
        main.putValue("Bundle-Description", "Keeps notes");
        main.putValue("Bundle-Vendor", "Example Corp");
        main.putValue("Provide-Capability", "prsm.plugin;prsm.plugin=notes;version:Version=1.2.0;type=utility;"
                + "security.level=sandbox;capabilities:List<String>=\"note_taking,search\";"
                + "task.types:List<String>=\"add,find\",prsm.entitlement;prsm.entitlement=files;path=exports;mode=read");
        main.putValue("Require-Capability", "prsm.permission;filter:=\"(prsm.permission=read_analytics_data)\","
                + "prsm.permission;filter:=\"(prsm.permission=admin_access)\";resolution:=optional");
        writeJar(jar, manifest);
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        return manifest;
    }

    private static void writeJar(Path jar, Manifest manifest) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("com/example/Placeholder.txt"));
            out.write("content".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
