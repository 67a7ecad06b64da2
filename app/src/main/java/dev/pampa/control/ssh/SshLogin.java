package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeOperationException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;

/** How we authenticate to a node: a key pair, or a password used for one session (to install a key). */
public sealed interface SshLogin {

    /** A short description for messages; never the secret. */
    String describe();

    /** A private key file given for a node; {@code passphrase} may be null, and is not kept. */
    static WithKey fromKeyFile(Path privateKeyFile, char[] passphrase) throws NodeOperationException {
        return new WithKey(PrivateKeyFile.load(privateKeyFile, passphrase));
    }

    record WithKey(KeyPair keyPair) implements SshLogin {
        @Override
        public String describe() {
            return "the key " + HostKeyTrust.fingerprint(keyPair.getPublic());
        }
    }

    /** Holds the password only until {@link #forget()}; its toString never shows it. */
    final class WithPassword implements SshLogin {
        private final char[] password;

        public WithPassword(char[] password) {
            this.password = password.clone();
        }

        String reveal() {
            return new String(password);
        }

        public void forget() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String describe() {
            return "a password";
        }

        @Override
        public String toString() {
            return "WithPassword[****]";
        }
    }
}
