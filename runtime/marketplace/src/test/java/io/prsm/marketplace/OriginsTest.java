package io.prsm.marketplace;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

public class OriginsTest {

    private static final Repository SIGNED = new Repository("signed", "/srv/signed", List.of("CN=Example Corp, O=Example Inc"));
    private static final Repository UNSIGNED = new Repository("anyone", "/srv/anyone", List.of());

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aRepositoryThatRequiresASignerAdmitsOnlyRepositoriesThatRequireOneItAccepts() {
        assertFalse(Origins.admits(SIGNED, UNSIGNED));
        assertFalse(Origins.admits(SIGNED, new Repository("other", "/srv/o", List.of("CN=Someone Else"))));
        assertFalse(Origins.admits(SIGNED, new Repository("wider", "/srv/w",
                List.of("CN=Example Corp,O=Example Inc", "CN=Someone Else"))));
        // the certificate's form of the same subject, without the space after the comma
        assertTrue(Origins.admits(SIGNED, new Repository("mirror", "/srv/m", List.of("CN=Example Corp,O=Example Inc"))));
        assertTrue(Origins.admits(UNSIGNED, SIGNED));
        assertTrue(Origins.admits(UNSIGNED, UNSIGNED));
    }

    @Test
    public void theRecordSurvivesARestart() throws Exception {
        Path folder = temp.newFolder().toPath();
        new Origins(folder).record("greeter", SIGNED);
        assertEquals(SIGNED, new Origins(folder).of("greeter").orElseThrow());
        assertTrue(new Origins(folder).of("other").isEmpty());
        assertTrue(Files.exists(folder.resolve("origins.json")));
    }

    @Test
    public void subjectsAreComparedAsX500NamesAndCheckedAtAdd() throws Exception {
        assertTrue(Signers.same("CN=Example Corp, O=Example Inc", "cn=example corp,o=example inc"));
        assertFalse(Signers.same("CN=Example Corp", "CN=Example Corp, O=Example Inc"));
        assertEquals("CN=Example Corp", Signers.checked("CN=Example Corp"));
        String refused = assertThrows(PluginOperationException.class, () -> Signers.checked("Example Corp"))
                .getMessage();
        assertTrue(refused, refused.contains("is not a certificate subject"));
    }
}
