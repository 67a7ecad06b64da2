package dev.pampa.control.node;

import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.LocalShell;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.KeyPairs;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pampa.control.testing.TestSshServer;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConnectionsTest {

    @TempDir
    Path dir;

    TestSshServer server;
    NodeConnections connections;
    HostKeyTrust trust;

    @BeforeEach
    void start() throws Exception {
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), "pw");
        trust = new HostKeyTrust(dir.resolve("operator/known_hosts"), null, true);
        Path keyFile = dir.resolve("operator/id_ed25519");
        OperatorKey key = OperatorKey.loadOrCreate(keyFile, null);
        Path authorized = Files.createDirectories(server.home().resolve(".ssh")).resolve("authorized_keys");
        Files.writeString(authorized, key.authorizedKeysLine() + "\n");
        connections = new NodeConnections(new NodeConnections.Settings(keyFile, trust, SshSession.Timeouts.defaults()),
                NodeLogin.PassphraseSource.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        connections.close();
        server.close();
    }

    private NodeSpec sshNode(String name, int port) {
        return new NodeSpec(name, "127.0.0.1", port, TestSshServer.USER, NodeAuth.KEY, null, 2, "java", "~/.pampa", null, null);
    }

    private static NodeSpec localNode() {
        return new NodeSpec(NodeSpec.LOCAL, NodeSpec.LOCAL_HOST, 22, null, NodeAuth.NONE, null, 2, "java", "~/.pampa", null, null);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void an_ssh_node_is_reached_with_the_operator_key_and_its_connection_is_reused() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        NodeSpec node = sshNode("n01", server.port());

        NodeShell first = connections.shell(node);
        NodeShell second = connections.shell(node);

        assertThat(first).isInstanceOf(SshNodeShell.class).isSameAs(second);
        assertThat(connections.session(node)).isSameAs(connections.session(node));
        CommandResult home = first.run(RemoteCommand.script("printf %s \"$HOME\""), Duration.ofSeconds(10));
        assertThat(home.stdout()).isEqualTo(server.home().toString());
    }

    @Test
    void a_closed_connection_is_opened_again() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        NodeSpec node = sshNode("n01", server.port());
        SshSession first = connections.session(node);
        first.close();

        SshSession second = connections.session(node);

        assertThat(second).isNotSameAs(first);
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void the_local_node_gets_a_local_shell_without_ssh() throws Exception {
        NodeShell shell = connections.shell(localNode());

        assertThat(shell).isInstanceOf(LocalShell.class);
        assertThat(shell.run(RemoteCommand.script("echo ok"), Duration.ofSeconds(10)).stdout()).isEqualTo("ok\n");
        assertThatThrownBy(() -> connections.session(localNode())).isInstanceOf(NodeOperationException.class);
    }

    @Test
    void an_unknown_host_key_is_refused_with_its_fingerprint() {
        assertThatThrownBy(() -> connections.shell(sshNode("n01", server.port())))
                .isInstanceOfSatisfying(HostKeyRefusedException.class, e -> {
                    assertThat(e.check()).isInstanceOf(HostKeyCheck.Unknown.class);
                    assertThat(e.check().presentedFingerprint()).isEqualTo(HostKeyTrust.fingerprint(server.hostKey()));
                });
    }

    @Test
    void a_node_key_file_with_a_passphrase_is_opened_with_the_passphrase_asked_for() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        Path nodeKey = dir.resolve("node_key");
        var pair = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair(KeyPairs.ED25519, 256);
        try (var out = Files.newOutputStream(nodeKey)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "t",
                    new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext() {
                        {
                            setPassword("secret");
                            setCipherName("AES");
                            setCipherMode("CTR");
                            setCipherType("256");
                        }
                    }, out);
        }
        Files.writeString(server.home().resolve(".ssh/authorized_keys"),
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic()) + "\n");
        List<String> asked = new java.util.ArrayList<>();
        NodeConnections withPassphrase = new NodeConnections(connections.settings(), (node, file) -> {
            asked.add(node.name() + " " + file);
            return "secret".toCharArray();
        });
        NodeSpec node = new NodeSpec("n02", "127.0.0.1", server.port(), TestSshServer.USER, NodeAuth.KEY, nodeKey.toString(),
                1, "java", "~/.pampa", null, null);
        try (withPassphrase) {
            assertThat(withPassphrase.shell(node).run(RemoteCommand.script("echo in"), Duration.ofSeconds(10)).stdout()).isEqualTo("in\n");
        }
        assertThat(asked).containsExactly("n02 " + nodeKey);
    }

    @Test
    void for_each_node_gives_a_result_per_node_and_one_node_running_out_of_time_does_not_hold_the_others() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        NodeSpec slow = localNode();
        NodeSpec fine = sshNode("n01", server.port());
        NodeSpec closed = sshNode("n02", closedPort());
        Instant start = Instant.now();

        List<NodeResult<String>> results = connections.forEachNode(List.of(slow, fine, closed), 2, Duration.ofSeconds(2),
                node -> connections.shell(node).run(RemoteCommand.script(node.isLocal() ? "sleep 5; echo late" : "echo " + node.name()),
                        Duration.ofSeconds(60)).stdout().strip());

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(results).extracting(NodeResult::node).containsExactly("local", "n01", "n02");
        assertThat(results.get(0).ok()).isFalse();
        assertThat(results.get(0).problem().cause()).isEqualTo("node local did not finish within 2 s");
        assertThat(results.get(1).ok()).isTrue();
        assertThat(results.get(1).value()).isEqualTo("n01");
        assertThat(results.get(2).ok()).isFalse();
        assertThat(results.get(2).problem().step()).isEqualTo(NodeStep.CONNECT);
        assertThat(results.get(2).problem().cause()).contains("refused");
    }
}
