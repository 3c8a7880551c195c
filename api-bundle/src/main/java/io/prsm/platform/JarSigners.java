package io.prsm.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Who signed a jar: the certificate subjects that signed every entry of it (a jar with one
 * unsigned or differently signed entry is not signed by anyone as a whole). Reading each entry
 * verifies its signature; a tampered entry fails the read.
 *
 * The gatekeeper asks it for the policy's trust, the plugin manager for the identity a plugin id is
 * bound to.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class JarSigners {

    private JarSigners() {
    }

    /** The subjects that signed every entry of {@code jar}; empty when it is unsigned, partly signed or tampered with. */
    public static Set<String> of(byte[] jar) throws IOException {
        Set<String> common = null;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar), true)) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                Set<String> signers = new HashSet<>();
                CodeSigner[] codeSigners = entry.getCodeSigners();
                if (codeSigners != null) {
                    for (CodeSigner signer : codeSigners) {
                        Certificate first = signer.getSignerCertPath().getCertificates().get(0);
                        if (first instanceof X509Certificate x509) {
                            signers.add(x509.getSubjectX500Principal().getName());
                        }
                    }
                }
                if (common == null) {
                    common = signers;
                } else {
                    common.retainAll(signers);
                }
            }
        } catch (SecurityException tampered) {
            return Set.of();
        }
        return common == null ? Set.of() : common;
    }
}
