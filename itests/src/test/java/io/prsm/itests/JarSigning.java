package io.prsm.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signs jars as a publisher would (jarsigner's API), with a key pair and self-signed certificate
 * that the running JDK's keytool makes at test time in {@code folder}: no private key is committed.
 *
 * <p>Concurrent semantics: not thread-safe; one per test.
 */
final class JarSigning {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static final String ALIAS = "publisher";

    private final KeyStore.PrivateKeyEntry key;

    JarSigning(Path folder, String subject) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = folder.resolve("publisher.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).redirectOutput(folder.resolve("keytool.log").toFile()).start();
        if (!keytool.waitFor(PrsmTestSupport.SAFETY_SECONDS, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + Files.readString(folder.resolve("keytool.log")));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        key = (KeyStore.PrivateKeyEntry) keys.getEntry(ALIAS, new KeyStore.PasswordProtection(PASSWORD));
    }

    void sign(Path jar, Path signed) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(signed)) {
            new JarSigner.Builder(key).build().sign(in, out);
        }
    }
}
