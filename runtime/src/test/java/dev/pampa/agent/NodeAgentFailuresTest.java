package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real agents, workers and dispatcher processes when things go wrong: kill -9 of a worker, of an
 * agent, of both; a frozen agent; PostgreSQL restarted; two nodes racing; a processor calling
 * System.exit; garbage on the socket. Every test asserts that nothing is lost and no task ran twice at
 * once (the runs table records every run with its worker and try).
 */
class NodeAgentFailuresTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";
    private static final String[] FAST_AGENT = {"--heartbeat-ms", "500", "--stale-worker-seconds", "3"};

    Path dir;

    @BeforeEach
    void dir(TestInfo info) throws IOException {
        String name = info.getTestMethod().orElseThrow().getName();
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), name.substring(0, Math.min(12, name.length())));
    }

    private Path socket(String node) {
        return dir.resolve("run-" + node + "/agent.sock");
    }

    private RuntimeProcess agent(RuntimeProcesses procs, DbUrl url, String node) {
        RuntimeProcess a = procs.startAgent(url, node, socket(node), dir.resolve("agent-" + node + "-" + procs.started().size() + ".log"), FAST_AGENT);
        a.awaitLog("serves workers on", Duration.ofSeconds(60));
        return a;
    }

    private RuntimeProcess worker(RuntimeProcesses procs, DbUrl url, String name) {
        String node = name.substring(0, name.indexOf('.'));
        return procs.startServedWorker(url, name, socket(node), dir.resolve(name + "-" + procs.started().size() + ".log"));
    }

    /** No task is running twice at once: the runs of a task never overlap a try (each try number is run at most once). */
    private static void assertNoTryRanTwice(Database db) {
        assertThat(TaskTables.count(db, "true", "(SELECT task_id, try_number FROM runs GROUP BY 1, 2 HAVING count(*) > 1) d"))
                .as("a task's try run by two workers").isZero();
    }

    @Test
    void aKilledWorkersTasksGoBackAtOnceAndTheRunningTryFailsWithItsCause() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 700);
            TaskTables.execute(db, "UPDATE items SET work_ms = 4");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 20");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess agent = agent(procs, url, "n01");
            RuntimeProcess w1 = worker(procs, url, "n01.1");
            worker(procs, url, "n01.2");
            Await.until(Duration.ofSeconds(60), "n01.1 to run 100 tasks", () -> TaskTables.count(db, "worker = 'n01.1'", "runs") >= 100);
            w1.kill9();
            Await.until(Duration.ofSeconds(10), "n01.1's tasks back", () -> TaskTables.count(db, "pampa_reservation_id = 'n01.1' AND pampa_end_time IS NULL", "items") == 0);
            agent.awaitLog("worker n01.1 closed the connection", Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 700);

            assertThat(TaskTables.string(db, "SELECT state FROM pampa.worker WHERE name = 'n01.1'")).isEqualTo("dead");
            assertThat(TaskTables.count(db, "kind = 'worker_died' AND worker = 'n01.1' AND message LIKE '%closed the connection%'", "pampa.event")).isEqualTo(1);
            assertThat(TaskTables.count(db, "parity = 'n01.1' AND id IN (SELECT task_id FROM runs WHERE worker = 'n01.2')", "items")).isZero();
            assertNoTryRanTwice(db);
        }
    }

    @Test
    void aKilledAgentsWorkersStopThemselvesAndTheDispatcherTakesTheNodesTasksBack() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 700);
            TaskTables.execute(db, "UPDATE items SET work_ms = 4");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 20");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess a1 = agent(procs, url, "n01");
            RuntimeProcess w1 = worker(procs, url, "n01.1");
            agent(procs, url, "n02");
            worker(procs, url, "n02.1");
            Await.until(Duration.ofSeconds(60), "n01.1 to run 100 tasks", () -> TaskTables.count(db, "worker = 'n01.1'", "runs") >= 100);
            a1.kill9();
            assertThat(w1.waitFor(Duration.ofSeconds(10))).as("the worker of the killed agent stops itself").isEqualTo(1);
            assertThat(w1.log()).contains("its node's agent went away");
            Await.until(Duration.ofSeconds(30), "n01's tasks back", () -> TaskTables.count(db, "pampa_reservation_id LIKE 'n01.%' AND pampa_end_time IS NULL", "items") == 0);
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 700);

            assertThat(TaskTables.string(db, "SELECT state FROM pampa.agent WHERE node = 'n01'")).isEqualTo("dead");
            assertThat(TaskTables.count(db, "kind = 'agent_died'", "pampa.event")).isEqualTo(1);
            assertNoTryRanTwice(db);
        }
    }

    @Test
    void afterKillNineOfAgentAndWorkersTheRestartedAgentTakesTheirTasksBackAtOnce() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 600);
            TaskTables.execute(db, "UPDATE items SET work_ms = 4");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 20");
            // no dispatcher yet: nothing but the restarted agent can take the tasks back
            RuntimeProcess a = agent(procs, url, "n01");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "60");
            RuntimeProcess w1 = worker(procs, url, "n01.1");
            RuntimeProcess w2 = worker(procs, url, "n01.2");
            Await.until(Duration.ofSeconds(60), "200 runs", () -> TaskTables.count(db, "true", "runs") >= 200);
            w1.kill9();
            w2.kill9();
            a.kill9();
            long held = TaskTables.count(db, "pampa_reservation_id LIKE 'n01.%' AND pampa_end_time IS NULL", "items");
            RuntimeProcess again = agent(procs, url, "n01");
            again.awaitLog("left by the workers of an earlier agent", Duration.ofSeconds(30));
            assertThat(held).as("tasks the killed node held").isPositive();
            worker(procs, url, "n01.1");
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 600);
            assertNoTryRanTwice(db);
        }
    }

    @Test
    void aFrozenAgentIsFencedOutOnReturn() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 1);
            TaskTables.execute(db, "UPDATE items SET work_ms = 4000");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 1");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "2");
            RuntimeProcess frozen = agent(procs, url, "n01");
            worker(procs, url, "n01.1");
            Await.until(Duration.ofSeconds(60), "n01.1 to start the task", () -> TaskTables.count(db, "worker = 'n01.1'", "runs") == 1);
            NodeAgentProcessTest.signal("STOP", frozen.pid());
            try {
                agent(procs, url, "n02");
                worker(procs, url, "n02.1");
                Await.until(Duration.ofSeconds(60), "n02.1 to finish the task",
                        () -> TaskTables.count(db, "pampa_success IS TRUE AND parity = 'n02.1'", "items") == 1);
            } finally {
                NodeAgentProcessTest.signal("CONT", frozen.pid());
            }
            Await.until(Duration.ofSeconds(30), "n01.1's late finish to be rejected",
                    () -> TaskTables.count(db, "kind = 'late_finish_rejected' AND worker = 'n01.1'", "pampa.event") == 1);
            frozen.awaitLog("had declared this agent dead", Duration.ofSeconds(10));

            assertThat(TaskTables.string(db, "SELECT parity || ' ' || pampa_reservation_id || ' ' || pampa_reservation_times FROM items WHERE id = 1"))
                    .isEqualTo("n02.1 n02.1 2");
            assertThat(frozen.isAlive()).isTrue();
        }
    }

    @Test
    void agentsAndWorkersRideOutAPostgresRestart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        DbUrl url = TestPostgres.freshDatabase(pg);
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            try (Database db = open(url)) {
                TaskTables.create(db, "items", 2_000);
                TaskTables.execute(db, "UPDATE items SET work_ms = 3");
                TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 20");
                procs.startDispatcher(url, dir.resolve("dispatcher.log"));
                agent(procs, url, "n01");
                worker(procs, url, "n01.1");
                worker(procs, url, "n01.2");
                Await.until(Duration.ofSeconds(60), "300 tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") >= 300);
            }
            pg.close();
            Thread.sleep(3_000);
            pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
            try (Database db = open(url)) {
                Await.until(Duration.ofSeconds(120), "every task done after the restart",
                        () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 2_000);
                assertThat(TaskTables.count(db, "parity IS NULL OR pampa_end_time IS NULL", "items")).isZero();
                assertNoTryRanTwice(db);
            }
            for (RuntimeProcess p : procs.started()) {
                assertThat(p.isAlive()).as(p + " survived the restart; log:\n" + p.logTail(15)).isTrue();
            }
        } finally {
            pg.close();
        }
    }

    @Test
    void twoNodesAgentsRacingForTheSameTasksRunEachOnce() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 4_000);
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 5");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            agent(procs, url, "n01");
            agent(procs, url, "n02");
            worker(procs, url, "n01.1");
            worker(procs, url, "n01.2");
            worker(procs, url, "n02.1");
            worker(procs, url, "n02.2");
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 4_000);

            assertThat(TaskTables.count(db, "true", "runs")).as("each task ran exactly once").isEqualTo(4_000);
            assertThat(TaskTables.count(db, "pampa_reservation_times <> 1", "items")).isZero();
            assertThat(TaskTables.count(db, "true", "(SELECT DISTINCT substring(worker, 1, 3) FROM runs) n")).as("both nodes worked").isEqualTo(2);
        }
    }

    @Test
    void aProcessorCallingSystemExitLosesNoTask() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 50);
            TaskTables.job(db, "exit", "items", "dev.pampa.testing.jobs.ExitingProcessor", "queue_size: 50");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess agent = agent(procs, url, "n01");
            RuntimeProcess first = worker(procs, url, "n01.1");
            assertThat(first.waitFor(Duration.ofSeconds(60))).as("the JVM the processor exited").isEqualTo(4);
            worker(procs, url, "n01.2");
            Await.until(Duration.ofSeconds(60), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 50);

            assertThat(TaskTables.string(db, "SELECT pampa_reservation_times || ' ' || parity FROM items WHERE id = 7")).isEqualTo("2 n01.2");
            assertThat(TaskTables.count(db, "pampa_end_time IS NULL OR pampa_success IS NOT TRUE", "items")).isZero();
            assertThat(agent.log()).contains("worker n01.1 closed the connection");
        }
    }

    @Test
    void garbageAndFramesForTasksNotHeldAreRefusedWhileTheOthersAreServed() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 2_000);
            TaskTables.execute(db, "UPDATE items SET work_ms = 2");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 5", "filter_worker_id: 'n01\\.[12]'");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess agent = agent(procs, url, "n01");
            worker(procs, url, "n01.1");
            worker(procs, url, "n01.2");
            Await.until(Duration.ofSeconds(60), "100 tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") >= 100);

            try (SocketChannel garbage = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                garbage.connect(UnixDomainSocketAddress.of(socket("n01")));
                garbage.write(java.nio.ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}));
                agent.awaitLog("sent a bad frame", Duration.ofSeconds(10));
            }
            try (SocketChannel fake = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                fake.connect(UnixDomainSocketAddress.of(socket("n01")));
                OutputStream out = ChannelStreams.out(fake);
                Frames.write(out, new Message.Hello("n01.9", 1, "fake-incarnation", Message.PROTOCOL));
                Frames.write(out, new Message.Outcome("rec", 1999L, 1, Message.Kind.DONE, Map.of("parity", "forged"), null, false, 1));
                Frames.write(out, new Message.Outcome("rec", 2000L, 1, Message.Kind.FAILED, Map.of(), "forged", false, 1));
                out.flush();
                Await.until(Duration.ofSeconds(10), "both forged outcomes refused",
                        () -> TaskTables.count(db, "kind = 'frame_refused' AND worker = 'n01.9'", "pampa.event") == 2);
            }
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 2_000);

            assertThat(TaskTables.count(db, "parity = 'forged' OR pampa_error_description = 'forged'", "items")).isZero();
            assertThat(TaskTables.count(db, "true", "runs")).as("each task ran once").isEqualTo(2_000);
            assertThat(TaskTables.count(db, "parity NOT IN ('n01.1', 'n01.2')", "items")).isZero();
            for (RuntimeProcess p : procs.started()) {
                assertThat(p.isAlive()).as(p.label()).isTrue();
            }
        }
    }

    static Database open(DbUrl url) {
        return NodeAgentProcessTest.open(url);
    }
}
