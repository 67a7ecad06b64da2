package dev.pampa.control.testing;

import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.NodeAddress;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An in-process SSH node with SFTP whose host key is already trusted, logged into with a password. */
public final class PasswordSshNode implements AutoCloseable {
    private final SftpTestSshServer server;
    private final HostKeyTrust trust;
    private final NodeAddress address;
    private final String password;

    private PasswordSshNode(SftpTestSshServer server, HostKeyTrust trust, String password) {
        this.server = server;
        this.trust = trust;
        this.address = new NodeAddress("127.0.0.1", server.port(), TestSshServer.USER);
        this.password = password;
    }

    /** A node whose HOME is {@code dir/home}, trusted in {@code dir/known_hosts}. */
    public static PasswordSshNode start(Path dir, String password) throws IOException {
        SftpTestSshServer server = SftpTestSshServer.start(Files.createDirectories(dir.resolve("home")), password);
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("known_hosts"), null, true);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        return new PasswordSshNode(server, trust, password);
    }

    /** A session and the node shell on it, closed together. */
    public record ConnectedShell(SshSession session, dev.pampa.control.ssh.SshNodeShell shell) implements AutoCloseable {
        @Override
        public void close() {
            shell.close();
            session.close();
        }
    }

    public ConnectedShell connect() throws NodeOperationException {
        SshSession session = openSession();
        return new ConnectedShell(session, new dev.pampa.control.ssh.SshNodeShell(session));
    }

    public SshSession openSession() throws NodeOperationException {
        return SshSession.open(address, new SshLogin.WithPassword(password.toCharArray()), trust, SshSession.Timeouts.defaults());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
