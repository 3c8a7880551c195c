package io.prsm.marketplace;

import javax.security.auth.x500.X500Principal;

import io.prsm.api.runtime.PluginOperationException;

/**
 * Certificate subjects as X.500 names, compared in their canonical form: "CN=Example Corp,
 * O=Example Inc" and the certificate's "CN=Example Corp,O=Example Inc" are one subject.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Signers {

    private Signers() {
    }

    /** {@code subject} as given, once it parses as an X.500 name. */
    static String checked(String subject) throws PluginOperationException {
        try {
            new X500Principal(subject);
            return subject;
        } catch (IllegalArgumentException malformed) {
            throw new PluginOperationException("'" + subject + "' is not a certificate subject ("
                    + malformed.getMessage() + "); give an X.500 name such as 'CN=Example Corp, O=Example Inc', as "
                    + "keytool -list -v prints it after Owner:.");
        }
    }

    /** Whether two subjects name the same X.500 name; a subject that does not parse matches nothing. */
    static boolean same(String one, String other) {
        try {
            return new X500Principal(one).getName(X500Principal.CANONICAL)
                    .equals(new X500Principal(other).getName(X500Principal.CANONICAL));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
