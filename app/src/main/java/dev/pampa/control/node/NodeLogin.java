package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.PassphraseNeededException;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How Pampa logs in to a node, the one policy for the CLI, the cockpit and the onboarding wizard: the
 * node's own key file when it names one, else Pampa's operator key. A password node uses the operator's
 * key too, since its password only served to install that key.
 */
public final class NodeLogin {

    /** Asks the operator for the passphrase of a node's key file; null when they give none. The answer is wiped after use. */
    @FunctionalInterface
    public interface PassphraseSource {
        char[] passphraseFor(NodeSpec node, Path keyFile);

        PassphraseSource NONE = (node, keyFile) -> null;

        /** A passphrase typed beforehand (the wizard's field); an empty one is none. */
        static PassphraseSource given(char[] passphrase) {
            return (node, keyFile) -> passphrase == null || passphrase.length == 0 ? null : passphrase.clone();
        }
    }

    private NodeLogin() {
    }

    /**
     * The login for {@code node}. A passphrase is asked of {@code passphrases} only when the node's key
     * file has one, and is not kept; Pampa's key is created at {@code operatorKeyFile} on first use.
     *
     * @throws NodeOperationException step LOAD_KEY when the key file is missing, unreadable, or stays
     *                                locked; CREATE_OPERATOR_KEY when Pampa's key cannot be created
     */
    public static SshLogin of(NodeSpec node, Path operatorKeyFile, PassphraseSource passphrases) throws NodeOperationException {
        Path keyFile = keyFile(node);
        if (keyFile == null) {
            return new SshLogin.WithKey(OperatorKey.loadOrCreate(operatorKeyFile, null).keyPair());
        }
        try {
            return SshLogin.fromKeyFile(keyFile, null);
        } catch (PassphraseNeededException needsPassphrase) {
            char[] passphrase = passphrases.passphraseFor(node, keyFile);
            if (passphrase == null) {
                throw needsPassphrase;
            }
            try {
                return SshLogin.fromKeyFile(keyFile, passphrase);
            } finally {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** The node's own private key file on this machine, {@code ~} expanded; null when it logs in with Pampa's key. */
    public static Path keyFile(NodeSpec node) {
        if (node.auth() != NodeAuth.KEY || node.keyPath() == null) {
            return null;
        }
        String path = node.keyPath();
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
