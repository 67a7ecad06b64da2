package dev.pampa.control.node;

import dev.pampa.control.shell.NodeShell;
import dev.pampa.control.testing.PasswordSshNode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pampa.control.testing.FakeRuntimeMain;

/** Process control over a real SSH session; the process must outlive the session that started it. */
class ProcessControlOverSshTest extends ProcessControlContract {

    private static final String PASSWORD = "proc-pw";

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
    void a_worker_keeps_running_after_the_session_that_started_it_closes_and_a_new_session_stops_it() throws Exception {
        ProcessControl control = deployed(FakeRuntimeMain.class);
        long pid = track(control.startWorker("n02.1").pid());
        awaitLog("n02.1", "fake runtime ready");
        connected.close();
        Thread.sleep(500);

        assertThat(alive(pid)).isTrue();

        connected = node.connect();
        ProcessControl again = new ProcessControl(shell(), new NodeRuntime(JAVA, base().toString(), null, null));
        assertThat(again.status().isRunning("n02.1")).isTrue();
        assertThat(again.stopWorker("n02.1", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
        assertThat(ProcessControlContract.gone(pid)).isTrue();
    }
}
