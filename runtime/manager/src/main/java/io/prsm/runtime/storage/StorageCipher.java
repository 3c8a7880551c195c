package io.prsm.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts plugin storage values at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce;
 * the plugin id and the key name are authenticated with it, so a value copied to another key or
 * another plugin does not decrypt. Values written before encryption was switched on (no marker)
 * are read as they are and encrypted on their next write.
 *
 * <p>Concurrent semantics: thread-safe; a {@link Cipher} is made per call.
 */
public final class StorageCipher {

    /** Stored values without encryption. */
    public static final StorageCipher NONE = new StorageCipher(null);

    private static final byte[] MARKER = "PRSM-AESGCM1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private StorageCipher(SecretKey key) {
        this.key = key;
    }

    /**
     * The cipher with the key in {@code keyFile}, which is created (256 random bits, readable by
     * the owner only where the file system allows) if it does not exist.
     */
    public static StorageCipher withKeyFile(Path keyFile) throws IOException {
        Files.createDirectories(keyFile.getParent());
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                Files.write(keyFile, fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // the storage folder's own permissions protect it
                }
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // another plugin's storage created it first: use that one
            }
        }
        byte[] bytes = Files.readAllBytes(keyFile);
        if (bytes.length != 32) {
            throw new IOException("The storage key " + keyFile + " holds " + bytes.length + " bytes, not 32; restore it "
                    + "from a backup (without it the encrypted plugin data cannot be read)");
        }
        return new StorageCipher(new SecretKeySpec(bytes, "AES"));
    }

    public boolean encrypts() {
        return key != null;
    }

    byte[] seal(String pluginId, String name, byte[] plain) throws IOException {
        if (key == null) {
            return plain;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(pluginId, name));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MARKER.length + NONCE_BYTES + sealed.length).put(MARKER).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException impossible) {
            throw new IOException("AES-GCM is not available in this JVM: " + impossible.getMessage(), impossible);
        }
    }

    byte[] open(String pluginId, String name, byte[] stored) throws IOException {
        if (!startsWithMarker(stored)) {
            return stored;
        }
        if (key == null) {
            throw new IOException("Value '" + name + "' of plugin '" + pluginId + "' is encrypted, but storage "
                    + "encryption is off; start the runtime with --encrypt-storage");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, MARKER.length, NONCE_BYTES));
            cipher.updateAAD(associated(pluginId, name));
            int offset = MARKER.length + NONCE_BYTES;
            return cipher.doFinal(stored, offset, stored.length - offset);
        } catch (AEADBadTagException tampered) {
            throw new IOException("Value '" + name + "' of plugin '" + pluginId + "' does not decrypt: it was changed "
                    + "on disk, moved from another key, or the storage key is not the one it was written with");
        } catch (GeneralSecurityException broken) {
            throw new IOException("Value '" + name + "' of plugin '" + pluginId + "' cannot be decrypted: "
                    + broken.getMessage(), broken);
        }
    }

    private static boolean startsWithMarker(byte[] stored) {
        return stored.length >= MARKER.length && Arrays.equals(stored, 0, MARKER.length, MARKER, 0, MARKER.length);
    }

    private static byte[] associated(String pluginId, String name) {
        return (pluginId + "/" + name).getBytes(StandardCharsets.UTF_8);
    }
}
