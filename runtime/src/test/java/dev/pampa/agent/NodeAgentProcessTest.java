package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A real agent process serving real worker processes, against a real PostgreSQL. */
class NodeAgentProcessTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    /** Logs stay under target/ after a failure, to read; the socket path must stay under 108 bytes. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void dir(org.junit.jupiter.api.TestInfo info) throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), info.getTestMethod().orElseThrow().getName().substring(0, 12));
    }

    @Test
    void anAgentServesItsWorkersEveryTaskOnceOverTwoConnections() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        Path socket = dir.resolve("run/agent.sock");
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 3_000);
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 5");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            procs.startServedWorker(url, "n01.2", socket, dir.resolve("w2.log"));
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 3_000);

            assertThat(TaskTables.count(db, "true", "runs")).as("each task ran once").isEqualTo(3_000);
            assertThat(TaskTables.count(db, "true", "(SELECT DISTINCT worker FROM runs) w")).isEqualTo(2);
            assertThat(TaskTables.string(db, "SELECT string_agg(name || ':' || agent, ',' ORDER BY name) FROM pampa.worker")).isEqualTo("n01.1:n01,n01.2:n01");
            assertThat(TaskTables.count(db, "application_name = 'pampa agent n01'", "pg_stat_activity")).as("the agent's work connection").isEqualTo(1);
            assertThat(TaskTables.count(db, "application_name LIKE 'pampa worker%' AND application_name NOT LIKE '%(processor)'", "pg_stat_activity"))
                    .as("workers hold no connection but their processor's").isZero();
            assertThat(TaskTables.count(db, "application_name = 'pampa listener'", "pg_stat_activity")).as("the dispatcher's and the agent's LISTEN").isEqualTo(2);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));

            agent.terminate();
            assertThat(agent.waitFor(Duration.ofSeconds(60))).as("agent exit, log:\n" + agent.logTail(20)).isZero();
            for (RuntimeProcess p : procs.started()) {
                if (p.label().startsWith("worker")) {
                    assertThat(p.waitFor(Duration.ofSeconds(30))).as(p.label() + " exit, log:\n" + p.logTail(20)).isZero();
                }
            }
            assertThat(TaskTables.string(db, "SELECT string_agg(state, ',') FROM pampa.worker")).isEqualTo("stopped,stopped");
            assertThat(TaskTables.string(db, "SELECT state FROM pampa.agent WHERE node = 'n01'")).isEqualTo("stopped");
        }
    }

    @Test
    void sigtermOfAServedWorkerFinishesTheTaskInHandAndHandsTheRestBackThroughTheAgent() {
        DbUrl url = TestPostgres.freshDatabase();
        Path socket = dir.resolve("run/agent.sock");
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 100);
            TaskTables.execute(db, "UPDATE items SET work_ms = 300");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 10");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            RuntimeProcess w = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            Await.until(Duration.ofSeconds(60), "three tasks run", () -> TaskTables.count(db, "true", "runs") >= 3);
            w.terminate();
            assertThat(w.waitFor(Duration.ofSeconds(30))).as("exit code, log:\n" + w.logTail(20)).isZero();
            Await.until(Duration.ofSeconds(10), "the worker's row stopped", () -> "stopped".equals(TaskTables.string(db, "SELECT state FROM pampa.worker WHERE name = 'n01.1'")));

            long ran = TaskTables.count(db, "true", "runs");
            assertThat(TaskTables.count(db, "pampa_success IS TRUE", "items")).as("every task that ran finished").isEqualTo(ran);
            assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL", "items")).as("nothing left reserved").isZero();
            assertThat(TaskTables.count(db, "pampa_end_time IS NULL AND coalesce(pampa_reservation_times, 0) > 0", "items")).as("no try counted for a task never run").isZero();
            assertThat(agent.isAlive()).as("the agent serves on").isTrue();
        }
    }

    static Database open(DbUrl url) {
        Database db = Database.open(url, 4, "test");
        db.migrate();
        return db;
    }

    static void signal(String sig, long pid) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        assertThat(rc).as("kill -" + sig).isZero();
    }
}
