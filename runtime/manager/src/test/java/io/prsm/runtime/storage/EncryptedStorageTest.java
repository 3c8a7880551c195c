package io.prsm.runtime.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EncryptedStorageTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path data() {
        return folder.getRoot().toPath().resolve("plugins/demo/data");
    }

    private Path keyFile() {
        return folder.getRoot().toPath().resolve("keys/storage.key");
    }

    private FilePluginStorage encrypted(String pluginId, Path data) throws IOException {
        return new FilePluginStorage(pluginId, data, 1 << 20, StorageCipher.withKeyFile(keyFile()));
    }

    @Test
    public void valuesAreUnreadableOnDiskAndReadBackWithTheKey() throws IOException {
        encrypted("demo", data()).put("secret", "the launch code is 1234");
        String onDisk = new String(Files.readAllBytes(data().resolve("secret")), StandardCharsets.ISO_8859_1);
        assertFalse(onDisk, onDisk.contains("launch code"));
        assertEquals(Optional.of("the launch code is 1234"), encrypted("demo", data()).get("secret"));
        assertEquals(32, Files.size(keyFile()));
    }

    @Test
    public void aChangedByteOrAMovedValueDoesNotDecrypt() throws IOException {
        FilePluginStorage storage = encrypted("demo", data());
        storage.put("a", "alpha");
        byte[] bytes = Files.readAllBytes(data().resolve("a"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(data().resolve("a"), bytes);
        IOException tampered = assertThrows(IOException.class, () -> storage.get("a"));
        assertTrue(tampered.getMessage(), tampered.getMessage().contains("does not decrypt"));

        storage.put("b", "beta");
        Files.copy(data().resolve("b"), data().resolve("c"));
        assertThrows(IOException.class, () -> storage.get("c"));
    }

    @Test
    public void plainValuesFromBeforeEncryptionAreStillRead() throws IOException {
        new FilePluginStorage("demo", data(), 1 << 20).put("old", "written in the clear");
        FilePluginStorage storage = encrypted("demo", data());
        assertEquals(Optional.of("written in the clear"), storage.get("old"));
        storage.put("old", "now sealed");
        assertFalse(new String(Files.readAllBytes(data().resolve("old")), StandardCharsets.ISO_8859_1)
                .contains("sealed"));
    }

    @Test
    public void anEncryptedValueWithEncryptionOffIsAnErrorNotGarbage() throws IOException {
        encrypted("demo", data()).put("k", "v");
        IOException off = assertThrows(IOException.class, () -> new FilePluginStorage("demo", data(), 1 << 20).get("k"));
        assertTrue(off.getMessage(), off.getMessage().contains("--encrypt-storage"));
    }

    @Test
    public void aDamagedKeyFileIsRefusedWithWhatToDo() throws IOException {
        Files.createDirectories(keyFile().getParent());
        Files.write(keyFile(), new byte[7]);
        IOException damaged = assertThrows(IOException.class, () -> StorageCipher.withKeyFile(keyFile()));
        assertTrue(damaged.getMessage(), damaged.getMessage().contains("restore it"));
    }
}
