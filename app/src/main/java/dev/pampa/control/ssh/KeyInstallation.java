package dev.pampa.control.ssh;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.RemoteCommand;

/**
 * Puts the operator's Pampa public key into a node's {@code ~/.ssh/authorized_keys} over a password
 * session, then proves that key authentication works. Running it again changes nothing.
 */
public final class KeyInstallation {

    /** @param appended false when the key was already there */
    public record Outcome(boolean appended, String keyFingerprint) {
    }

    // $1: the key's type and data (what identifies it in any line); $2: the full line to add.
    // umask 077 gives a new ~/.ssh 0700 and a new authorized_keys 0600; existing modes are left alone.
    private static final String APPEND_KEY = """
            umask 077
            [ -n "$HOME" ] || { echo 'HOME is not set on the node' >&2; exit 2; }
            dir="$HOME/.ssh"; file="$dir/authorized_keys"
            mkdir -p -- "$dir" || exit 3
            if [ -f "$file" ] && grep -qF -- "$1" "$file"; then echo pampa-key-present; exit 0; fi
            if [ -s "$file" ] && [ -n "$(tail -c 1 -- "$file")" ]; then printf '\\n' >> "$file" || exit 4; fi
            printf '%s\\n' "$2" >> "$file" || exit 4
            echo pampa-key-appended
            """;

    private KeyInstallation() {
    }

    /** Logs in once with {@code password} (forgotten afterwards), installs the key, then logs in with it. */
    public static Outcome install(NodeAddress address, SshLogin.WithPassword password, OperatorKey key, HostKeyTrust trust,
            SshSession.Timeouts timeouts) throws NodeOperationException {
        boolean appended;
        try (SshSession session = SshSession.open(address, password, trust, timeouts)) {
            CommandResult result = session.run(RemoteCommand.script(APPEND_KEY, key.publicKeyData(), key.authorizedKeysLine()));
            if (!result.succeeded()) {
                throw new NodeOperationException(new NodeProblem(NodeStep.INSTALL_KEY,
                        "could not add the key to ~/.ssh/authorized_keys on " + address + " (exit status "
                                + (result.exitStatus() == null ? "unknown" : result.exitStatus()) + "): " + firstLine(result.stderr()),
                        "check that the user's home directory and ~/.ssh are writable by " + address.user()));
            }
            appended = result.stdout().contains("pampa-key-appended");
            if (!appended && !result.stdout().contains("pampa-key-present")) {
                throw new NodeOperationException(new NodeProblem(NodeStep.INSTALL_KEY,
                        "the node did not confirm the key was added", "run install-key again and check the node's shell"));
            }
        }
        try (SshSession withKey = SshSession.open(address, new SshLogin.WithKey(key.keyPair()), trust, timeouts)) {
            if (!withKey.run(RemoteCommand.of("true")).succeeded()) {
                throw new NodeOperationException(new NodeProblem(NodeStep.INSTALL_KEY, "a command failed right after logging in with the key",
                        "check the node's login shell"));
            }
        } catch (NodeOperationException e) {
            if (e.problem().step() != NodeStep.AUTHENTICATE) {
                throw e;
            }
            throw new NodeOperationException(new NodeProblem(NodeStep.INSTALL_KEY,
                    "the key is in ~/.ssh/authorized_keys on " + address + " but the node still refuses it",
                    "check the node's sshd settings (PubkeyAuthentication yes, StrictModes: ~ and ~/.ssh not writable by others)"), e);
        }
        return new Outcome(appended, key.fingerprint());
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline);
    }
}
