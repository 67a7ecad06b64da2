package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.KeyInstallation;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import java.nio.file.Path;

/**
 * The SSH work of bringing a new node in, one step at a time so that the cockpit's wizard can show
 * each and stop where one fails: log in (which verifies the host key first), approve an unknown host
 * key, install Pampa's key with a password used once, and probe. The node need not be stored yet.
 */
public final class NodeOnboarding {
    private final NodeConnections.Settings ssh;

    public NodeOnboarding(NodeConnections.Settings ssh) {
        this.ssh = ssh;
    }

    /**
     * Logs in as the node will be reached from now on: its own key file (with {@code passphrase} when
     * the file needs one; not kept), else Pampa's operator key.
     *
     * @throws HostKeyRefusedException when the host key is unknown or changed
     * @throws NodeOperationException  step "connect" or "authenticate" otherwise
     */
    public SshSession logIn(NodeSpec node, char[] passphrase) throws NodeOperationException {
        SshLogin login;
        if (node.auth() == NodeAuth.KEY && node.keyPath() != null) {
            login = SshLogin.fromKeyFile(NodeConnections.expandHome(node.keyPath()), passphrase == null || passphrase.length == 0 ? null : passphrase);
        } else {
            login = new SshLogin.WithKey(OperatorKey.loadOrCreate(ssh.operatorKeyFile(), null).keyPair());
        }
        return SshSession.open(NodeConnections.addressOf(node), login, ssh.trust(), ssh.timeouts());
    }

    /** Records the key the operator approved after comparing its fingerprint. */
    public void approve(HostKeyCheck.Unknown unknown) {
        ssh.trust().approve(unknown, unknown.presentedFingerprint());
    }

    /** Pampa's operator key into the node's authorized_keys, logging in once with {@code password}, which is wiped. */
    public KeyInstallation.Outcome installKey(NodeSpec node, char[] password) throws NodeOperationException {
        SshLogin.WithPassword login = new SshLogin.WithPassword(password);
        java.util.Arrays.fill(password, '\0');
        try {
            return KeyInstallation.install(NodeConnections.addressOf(node), login,
                    OperatorKey.loadOrCreate(ssh.operatorKeyFile(), null), ssh.trust(), ssh.timeouts());
        } finally {
            login.forget();
        }
    }

    public ProbeReport probe(SshSession session, NodeSpec node) throws NodeOperationException {
        return Probe.run(new SshNodeShell(session), new ProbeSettings(node.javaCommand(), node.baseDir()));
    }

    public Path knownHostsFile() {
        return ssh.trust().pampaKnownHosts();
    }
}
