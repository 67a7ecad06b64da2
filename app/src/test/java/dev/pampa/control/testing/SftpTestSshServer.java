package dev.pampa.control.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.InvertedShellWrapper;
import org.apache.sshd.server.shell.ProcessShell;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server in this JVM, like {@link TestSshServer} (commands through /bin/sh with HOME set to
 * a test directory, password login for {@link TestSshServer#USER}), that also offers the SFTP
 * subsystem, as a node's sshd does, for deploy tests.
 */
public final class SftpTestSshServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;

    private SftpTestSshServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    public static SftpTestSshServer start(Path home, String password) {
        KeyPair hostKey = TestSshServer.newHostKey();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(List.of(hostKey)));
        server.setPasswordAuthenticator((user, given, session) -> TestSshServer.USER.equals(user) && password.equals(given));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        String home0 = home.toString();
        server.setCommandFactory((channel, command) -> new InvertedShellWrapper(new ProcessShell(List.of("/bin/sh", "-c", command)) {
            @Override
            protected Map<String, String> resolveShellEnvironment(Map<String, String> env) {
                Map<String, String> withHome = new HashMap<>(super.resolveShellEnvironment(env));
                withHome.put("HOME", home0);
                withHome.put("PATH", System.getenv("PATH"));
                return withHome;
            }
        }));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SftpTestSshServer(server, hostKey);
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
