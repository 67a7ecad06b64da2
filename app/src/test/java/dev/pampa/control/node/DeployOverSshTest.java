package dev.pampa.control.node;

import dev.pampa.control.shell.CommandResult;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.shell.RemoteCommand;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.control.testing.PasswordSshNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** Deploy to a node over a real SSH session with SFTP, including a connection cut mid-upload. */
class DeployOverSshTest extends DeployContract {

    private static final String PASSWORD = "deploy-pw";

    private PasswordSshNode node;
    private PasswordSshNode.ConnectedShell connected;

    @BeforeEach
    void setUp() throws Exception {
        node = PasswordSshNode.start(dir, PASSWORD);
        connected = node.connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        connected.close();
        node.close();
    }

    @Override
    NodeShell shell() {
        return connected.shell();
    }

    @Test
    void a_connection_cut_mid_upload_leaves_the_previous_jar_under_the_real_name_and_the_next_deploy_completes() throws Exception {
        Path v1 = runtimeJar(1);
        new Deploy(shell()).deploy(base().toString(), v1, List.of(), DB);
        Path v2 = runtimeJar(2);
        SshSession doomed = node.openSession();
        NodeShell cutting = new ConnectionCutAfter(new SshNodeShell(doomed), doomed, 64 * 1024);

        assertThatThrownBy(() -> new Deploy(cutting, Duration.ofSeconds(10)).deploy(base().toString(), v2, List.of(), DB))
                .isInstanceOf(NodeOperationException.class);

        assertThat(Files.readAllBytes(base().resolve("lib/pampa-runtime.jar"))).isEqualTo(Files.readAllBytes(v1));

        DeployReport retry = new Deploy(shell()).deploy(base().toString(), v2, List.of(), DB);

        assertThat(retry.sent()).containsExactly("lib/pampa-runtime.jar");
        assertThat(Files.readAllBytes(base().resolve("lib/pampa-runtime.jar"))).isEqualTo(Files.readAllBytes(v2));
        assertThat(leftovers()).isEmpty();
    }

    /** A real SSH shell whose session is closed once {@code limit} bytes of an upload have been read. */
    private record ConnectionCutAfter(NodeShell inner, SshSession session, int limit) implements NodeShell {

        @Override
        public CommandResult run(RemoteCommand command, Duration timeout) throws NodeOperationException {
            return inner.run(command, timeout);
        }

        @Override
        public void write(InputStream content, String path) throws NodeOperationException {
            inner.write(new FilterInputStream(content) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read >= limit) {
                        session.close();
                    }
                    int n = super.read(b, off, len);
                    read += Math.max(n, 0);
                    return n;
                }
            }, path);
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
            session.close();
        }
    }
}
