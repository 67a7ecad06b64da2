package dev.pampa.control.testing;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Private key files as ssh-keygen writes them, for tests of what reads them. */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** A new Ed25519 key in OpenSSH format, locked by {@code passphrase} (AES-256-CTR), or unlocked when it is null. */
    public static Path write(Path file, String passphrase) throws Exception {
        KeyPair pair = TestSshServer.newHostKey();
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherMode("CTR");
            encryption.setCipherType("256");
            encryption.setPassword(passphrase);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
        }
        return file;
    }
}
