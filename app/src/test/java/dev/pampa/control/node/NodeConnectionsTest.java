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

    @Test
    void each_nodes_result_is_given_as_it_arrives_while_slower_nodes_still_work() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        NodeSpec slow = sshNode("n01", server.port());
        NodeSpec fast = sshNode("n02", server.port());
        java.util.concurrent.CountDownLatch fastArrived = new java.util.concurrent.CountDownLatch(1);
        List<String> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();

        // the slow node finishes only once the fast node's result has been handed over: were results
        // given only at the end, it would wait out its latch and answer "never"
        List<NodeResult<String>> results = connections.forEachNode(List.of(slow, fast), 2, Duration.ofSeconds(60), node -> {
            if (node == slow) {
                return unchecked(() -> fastArrived.await(30, java.util.concurrent.TimeUnit.SECONDS)) ? "after" : "never";
            }
            return connections.shell(node).run(RemoteCommand.script("echo " + node.name()), Duration.ofSeconds(30)).stdout().strip();
        }, result -> {
            arrivals.add(result.node() + "=" + (result.ok() ? result.value() : result.problem().cause()));
            if (result.node().equals("n02")) {
                fastArrived.countDown();
            }
        });

        assertThat(arrivals).containsExactly("n02=n02", "n01=after");
        assertThat(results).extracting(NodeResult::node).containsExactly("n01", "n02");
        assertThat(results.get(0).value()).isEqualTo("after");
    }

    @Test
    void as_many_nodes_as_the_parallelism_allows_run_at_once() {
        List<NodeSpec> nodes = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> sshNode("n" + i, closedPortQuietly())).toList();
        // every operation waits for all 40 to have started: only a runner with 40 at once gets them all through
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(40);
        List<NodeResult<Integer>> results = connections.forEachNode(nodes, 40, Duration.ofSeconds(60),
                node -> unchecked(() -> together.await(30, java.util.concurrent.TimeUnit.SECONDS)));
        assertThat(results).allMatch(NodeResult::ok);

        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        connections.forEachNode(nodes, 7, Duration.ofSeconds(60), node -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            unchecked(() -> {
                Thread.sleep(20);
                return null;
            });
            running.decrementAndGet();
            return null;
        });
        assertThat(most.get()).isLessThanOrEqualTo(7);
    }

    @Test
    void the_steps_of_an_operation_on_a_node_share_one_ssh_session() throws Exception {
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        List<NodeSpec> nodes = List.of(sshNode("n01", server.port()), sshNode("n02", server.port()), sshNode("n03", server.port()));
        int before = server.sessionsOpened();

        List<NodeResult<String>> results = connections.forEachNode(nodes, 3, Duration.ofSeconds(60), node -> {
            StringBuilder steps = new StringBuilder();
            for (int step = 1; step <= 4; step++) {
                steps.append(connections.shell(node).run(RemoteCommand.script("echo $1", Integer.toString(step)), Duration.ofSeconds(30)).stdout().strip());
            }
            return steps.toString();
        });
        List<NodeResult<String>> again = connections.forEachNode(nodes, 3, Duration.ofSeconds(60),
                node -> connections.shell(node).run(RemoteCommand.script("echo again"), Duration.ofSeconds(30)).stdout().strip());

        assertThat(results).allMatch(r -> r.ok() && r.value().equals("1234"));
        assertThat(again).allMatch(r -> r.ok() && r.value().equals("again"));
        assertThat(server.sessionsOpened() - before).isEqualTo(3);
    }

    @Test
    void the_parallelism_scales_with_the_nodes_up_to_its_bound() {
        assertThat(NodeParallelism.forNodes(1, null)).isEqualTo(1);
        assertThat(NodeParallelism.forNodes(100, 10)).isEqualTo(10);
        assertThat(NodeParallelism.forNodes(5, 10)).isEqualTo(5);
        assertThat(NodeParallelism.forNodes(0, 10)).isEqualTo(1);
        if (System.getenv(NodeParallelism.ENVIRONMENT) == null) {
            assertThat(NodeParallelism.forNodes(100, null)).isEqualTo(NodeParallelism.DEFAULT_LIMIT);
        }
        assertThatThrownBy(() -> NodeParallelism.forNodes(3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--parallel 0").hasMessageContaining("1 or more");
    }

    private static <T> T unchecked(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int closedPortQuietly() {
        try {
            return closedPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
