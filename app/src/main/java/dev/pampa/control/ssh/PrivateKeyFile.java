package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Iterator;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads an OpenSSH (or PEM) private key file, with its passphrase if it has one. */
public final class PrivateKeyFile {

    private PrivateKeyFile() {
    }

    /**
     * @param passphrase null when the file is not encrypted; not kept after this call
     * @throws PassphraseNeededException when the file is encrypted and no passphrase was given
     * @throws NodeOperationException    naming the file when it is missing or unreadable, or the passphrase is wrong
     */
    public static KeyPair load(Path file, char[] passphrase) throws NodeOperationException {
        boolean[] askedForPassphrase = {false};
        FilePasswordProvider passwords = (session, resource, retryIndex) -> {
            askedForPassphrase[0] = true;
            return passphrase == null ? null : new String(passphrase);
        };
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, passwords);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new NodeOperationException(new NodeProblem(NodeStep.LOAD_KEY,
                        "no key could be read from " + file,
                        "give an OpenSSH or PEM private key file (RSA, ECDSA or Ed25519)"));
            }
            return it.next();
        } catch (NodeOperationException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new NodeOperationException(new NodeProblem(NodeStep.LOAD_KEY, "the key file " + file + " does not exist",
                    "give the path of an existing private key file"), e);
        } catch (Exception e) {
            if (askedForPassphrase[0] && passphrase == null) {
                throw new PassphraseNeededException(new NodeProblem(NodeStep.LOAD_KEY,
                        "the key file " + file + " is protected by a passphrase and none was given",
                        "give the key's passphrase"), e);
            }
            if (askedForPassphrase[0]) {
                throw new NodeOperationException(new NodeProblem(NodeStep.LOAD_KEY,
                        "the passphrase does not open the key file " + file,
                        "give the passphrase this key was created with"), e);
            }
            throw new NodeOperationException(new NodeProblem(NodeStep.LOAD_KEY,
                    "the key file " + file + " could not be read (" + e.getClass().getSimpleName() + ")",
                    "check that it is an OpenSSH or PEM private key file"), e);
        }
    }
}
