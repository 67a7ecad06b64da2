package dev.pampa.operator;

import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.ssh.SshSession;
import java.io.Console;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the operator's Pampa key and known hosts live; a test points it at a temporary directory. */
final class OperatorOptions {
    @Option(names = "--operator-dir", paramLabel = "DIR", hidden = true,
            description = "The operator's Pampa directory (key, known_hosts). Default: $PAMPA_HOME or ~/.pampa.")
    Path operatorDir;

    Path directory() {
        if (operatorDir != null) {
            return operatorDir;
        }
        String env = System.getenv("PAMPA_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".pampa");
    }

    /** Known hosts: Pampa's own file here, plus the user's ~/.ssh/known_hosts unless a test directory is given. */
    HostKeyTrust trust() {
        Path userKnownHosts = operatorDir != null ? null : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        return new HostKeyTrust(directory().resolve("known_hosts"), userKnownHosts, true);
    }

    /** The operations on nodes, with this operator's key and known hosts; close them when the command is done. */
    NodeOperations nodeOperations() {
        return new NodeOperations(new NodeConnections.Settings(directory().resolve("id_ed25519"), trust(),
                SshSession.Timeouts.defaults()), OperatorOptions::askPassphrase);
    }

    /** No console (a script, a test): no passphrase, and the key's own error says one is needed. */
    private static char[] askPassphrase(dev.pampa.model.NodeSpec node, Path keyFile) {
        Console console = System.console();
        return console == null ? null : console.readPassword("passphrase for %s (node %s): ", keyFile, node.name());
    }
}
