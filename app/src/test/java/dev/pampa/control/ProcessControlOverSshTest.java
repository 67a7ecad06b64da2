package dev.pampa.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.SftpTestSshServer;
import dev.pampa.control.testing.TestSshServer;

/** Process control over a real SSH session; the process must outlive the session that started it. */
class ProcessControlOverSshTest extends ProcessControlContract {

    private static final String PASSWORD = "proc-pw";

    private SftpTestSshServer server;
    private HostKeyTrust trust;
    private NodeAddress address;
    private SshSession session;
    private SshNodeShell shell;

    @BeforeEach
    void setUp() throws Exception {
        server = SftpTestSshServer.start(Files.createDirectories(dir.resolve("home")), PASSWORD);
        trust = new HostKeyTrust(dir.resolve("known_hosts"), null, true);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        address = new NodeAddress("127.0.0.1", server.port(), TestSshServer.USER);
        session = open();
        shell = new SshNodeShell(session);
    }

    private SshSession open() throws NodeOperationException {
        return SshSession.open(address, new SshLogin.WithPassword(PASSWORD.toCharArray()), trust, SshSession.Timeouts.defaults());
    }

    @AfterEach
    void tearDown() throws Exception {
        shell.close();
        session.close();
        server.close();
    }

    @Override
    NodeShell shell() {
        return shell;
    }

    @Test
    void a_worker_keeps_running_after_the_session_that_started_it_closes_and_a_new_session_stops_it() throws Exception {
        ProcessControl control = deployed(FakeRuntimeMain.class);
        long pid = track(control.startWorker("n02.1").pid());
        awaitLog("n02.1", "fake runtime ready");
        shell.close();
        session.close();
        Thread.sleep(500);

        assertThat(alive(pid)).isTrue();

        session = open();
        shell = new SshNodeShell(session);
        ProcessControl again = new ProcessControl(shell, new NodeRuntime(JAVA, base().toString(), null));
        assertThat(again.status().isRunning("n02.1")).isTrue();
        assertThat(again.stopWorker("n02.1", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
        assertThat(alive(pid)).isFalse();
    }
}
