package dev.pampa.control.ssh;

import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.RemoteCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.TestSshServer;

class KeyInstallationTest {

    private static final String PASSWORD = "pw-for-install";

    @TempDir
    Path dir;

    private TestSshServer server;
    private HostKeyTrust trust;
    private NodeAddress address;
    private OperatorKey key;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        server = TestSshServer.start(dir.resolve("home"), PASSWORD);
        trust = new HostKeyTrust(dir.resolve("known_hosts"), null, true);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        address = new NodeAddress("127.0.0.1", server.port(), TestSshServer.USER);
        key = OperatorKey.loadOrCreate(dir.resolve("operator/id_ed25519"), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private KeyInstallation.Outcome install() throws NodeOperationException {
        return KeyInstallation.install(address, new SshLogin.WithPassword(PASSWORD.toCharArray()), key, trust,
                SshSession.Timeouts.defaults());
    }

    @Test
    void installs_the_key_with_private_modes_then_key_login_works_and_a_second_install_adds_nothing() throws Exception {
        Path sshDir = server.home().resolve(".ssh");
        Path authorizedKeys = sshDir.resolve("authorized_keys");

        KeyInstallation.Outcome first = install();

        assertThat(first.appended()).isTrue();
        assertThat(Files.readAllLines(authorizedKeys)).containsExactly(key.authorizedKeysLine());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sshDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authorizedKeys))).isEqualTo("rw-------");
        try (SshSession session = SshSession.open(address, new SshLogin.WithKey(key.keyPair()), trust, SshSession.Timeouts.defaults())) {
            assertThat(session.run(RemoteCommand.of("sh", "-c", "echo \"$HOME\"")).stdout().strip())
                    .isEqualTo(server.home().toString());
        }

        KeyInstallation.Outcome second = install();

        assertThat(second.appended()).isFalse();
        assertThat(Files.readAllLines(authorizedKeys)).containsExactly(key.authorizedKeysLine());
    }

    @Test
    void keeps_existing_keys_and_starts_a_new_line_after_a_file_without_final_newline() throws Exception {
        Path authorizedKeys = Files.createDirectories(server.home().resolve(".ssh")).resolve("authorized_keys");
        String other = OperatorKey.loadOrCreate(dir.resolve("other/id_ed25519"), null).authorizedKeysLine();
        Files.writeString(authorizedKeys, other); // no newline at the end

        assertThat(install().appended()).isTrue();

        assertThat(Files.readAllLines(authorizedKeys)).containsExactly(other, key.authorizedKeysLine());
    }

    @Test
    void a_wrong_password_leaves_the_node_as_it_was() {
        assertThatThrownBy(() -> KeyInstallation.install(address, new SshLogin.WithPassword("nope".toCharArray()), key, trust,
                SshSession.Timeouts.defaults()))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> assertThat(e.problem().step()).isEqualTo(NodeStep.AUTHENTICATE));
        assertThat(server.home().resolve(".ssh")).doesNotExist();
    }
}
