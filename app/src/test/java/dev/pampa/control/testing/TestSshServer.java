package dev.pampa.control.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.InvertedShellWrapper;
import org.apache.sshd.server.shell.ProcessShell;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server in this JVM on 127.0.0.1 and a random port: commands run through /bin/sh with
 * HOME set to a test directory, so that ~/.ssh writes stay there; public keys are checked against
 * that HOME's .ssh/authorized_keys, as sshd does. SFTP is served too.
 */
public final class TestSshServer implements AutoCloseable {

    public static final String USER = "pampa";

    private final SshServer server;
    private final KeyPair hostKey;
    private final Path home;
    private final java.util.concurrent.atomic.AtomicInteger sessionsOpened = new java.util.concurrent.atomic.AtomicInteger();

    private TestSshServer(SshServer server, KeyPair hostKey, Path home) {
        this.server = server;
        this.hostKey = hostKey;
        this.home = home;
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                sessionsOpened.incrementAndGet();
            }
        });
    }

    /** How many SSH sessions clients have opened to this server (each a TCP connection and a login). */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** A server with a fresh Ed25519 host key, accepting {@code password} for {@link #USER}. */
    public static TestSshServer start(Path home, String password) {
        return start(home, password, newHostKey(), "");
    }

    /**
     * @param loginNoise what a noisy login shell prints before every command (empty for a quiet one)
     */
    public static TestSshServer start(Path home, String password, KeyPair hostKey, String loginNoise) {
        return start(home, password, List.of(hostKey), loginNoise, null);
    }

    /** A server with several host keys (as OpenSSH has, one per type); {@link #hostKey()} is the first. */
    public static TestSshServer start(Path home, String password, List<KeyPair> hostKeys, String loginNoise) {
        return start(home, password, hostKeys, loginNoise, null);
    }

    /**
     * @param binFirst a directory searched before this machine's PATH by the node's commands (programs
     *                 standing in for the node's own, like systemd-run), or null
     */
    public static TestSshServer start(Path home, String password, KeyPair hostKey, String loginNoise, Path binFirst) {
        return start(home, password, List.of(hostKey), loginNoise, binFirst);
    }

    /** @param environment more variables of the node's commands (e.g. PAMPA_CGROUP_ROOT, where a node's cgroups are) */
    public static TestSshServer start(Path home, String password, KeyPair hostKey, String loginNoise, Path binFirst, Map<String, String> environment) {
        return start(home, password, List.of(hostKey), loginNoise, binFirst, environment);
    }

    private static TestSshServer start(Path home, String password, List<KeyPair> hostKeys, String loginNoise, Path binFirst) {
        return start(home, password, hostKeys, loginNoise, binFirst, Map.of());
    }

    private static TestSshServer start(Path home, String password, List<KeyPair> hostKeys, String loginNoise, Path binFirst,
                                       Map<String, String> environment) {
        KeyPair hostKey = hostKeys.get(0);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
        server.setPasswordAuthenticator((user, given, session) -> USER.equals(user) && password.equals(given));
        AuthorizedKeysAuthenticator authorizedKeys = new AuthorizedKeysAuthenticator(home.resolve(".ssh").resolve("authorized_keys"));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && authorizedKeys.authenticate(user, key, session));
        server.setKeyboardInteractiveAuthenticator(null);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        String home0 = home.toString();
        server.setCommandFactory((channel, command) -> new InvertedShellWrapper(new ProcessShell(List.of("/bin/sh", "-c",
                loginNoise.isEmpty() ? command : "printf '%s' '" + loginNoise + "'; " + command)) {
            @Override
            protected Map<String, String> resolveShellEnvironment(Map<String, String> env) {
                Map<String, String> withHome = new HashMap<>(super.resolveShellEnvironment(env));
                withHome.put("HOME", home0);
                withHome.put("PATH", binFirst == null ? System.getenv("PATH") : binFirst + ":" + System.getenv("PATH"));
                withHome.putAll(environment);
                return withHome;
            }
        }));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestSshServer(server, hostKey, home);
    }

    public static KeyPair newRsaHostKey() {
        try {
            return KeyUtils.generateKeyPair("ssh-rsa", 2048);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair newHostKey() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies to sessions opened afterwards, as sshd's ClientAliveInterval-style cut of silent clients. */
    public void closeIdleSessionsAfter(Duration idle) {
        CoreModuleProperties.IDLE_TIMEOUT.set(server, idle);
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    public Path home() {
        return home;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
