package dev.pampa.agent;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.CuttableProxy;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node agent cut off from the database by a network partition (a relay that stops forwarding
 * without closing anything, so its statements hang rather than fail) and then healed, with real
 * agent, worker and dispatcher processes. The node's workers must let go of their tasks before the
 * first level gives them to another node, so that no task runs on two workers at the same time, and
 * whatever the cut node reports after healing is fenced out.
 */
class NodeAgentCutOffTest {
    private static final String SPANS = "dev.pampa.testing.jobs.SpanRecordingProcessor";
    private static final String[] FAST_AGENT = {"--heartbeat-ms", "500", "--stale-worker-seconds", "3"};
    private static final int TASKS = 120;
    private static final long LONG_TASK_MS = 20_000;

    @Test
    void aCutOffNodesWorkersLetGoBeforeAnotherNodeTakesTheirTasksAndItsLateReportsAreFenced() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), "cut");
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = NodeAgentProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses();
                CuttableProxy proxy = new CuttableProxy(port(url))) {
            TaskTables.create(db, "items", TASKS);
            TaskTables.execute(db, "CREATE TABLE spans (task_id BIGINT NOT NULL, worker TEXT NOT NULL, try_number INT NOT NULL,"
                    + " started TIMESTAMPTZ NOT NULL, ended TIMESTAMPTZ)");
            TaskTables.execute(db, "UPDATE items SET work_ms = CASE WHEN id = 1 THEN " + LONG_TASK_MS + " ELSE 20 END");
            TaskTables.job(db, "spans", "items", SPANS, "queue_size: 5");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--stale-worker-seconds", "3");

            DbUrl throughProxy = DbUrl.of(url.jdbcUrl().replace(":" + port(url) + "/", ":" + proxy.port() + "/"), url.user(), url.password());
            RuntimeProcess cutAgent = procs.startAgent(throughProxy, "n01", dir.resolve("run-n01/agent.sock"), dir.resolve("agent-n01.log"), FAST_AGENT);
            cutAgent.awaitLog("serves workers on", Duration.ofSeconds(60));
            // the workers' own connections (the test's span records) go straight to the database: only the agent is cut
            RuntimeProcess w1 = procs.startServedWorker(url, "n01.1", dir.resolve("run-n01/agent.sock"), dir.resolve("n01.1.log"));
            RuntimeProcess w2 = procs.startServedWorker(url, "n01.2", dir.resolve("run-n01/agent.sock"), dir.resolve("n01.2.log"));
            Await.until(Duration.ofSeconds(120), "n01 to begin the long task",
                    () -> TaskTables.count(db, "task_id = 1 AND worker LIKE 'n01.%' AND ended IS NULL", "spans") == 1);

            proxy.cut();
            RuntimeProcess other = procs.startAgent(url, "n02", dir.resolve("run-n02/agent.sock"), dir.resolve("agent-n02.log"), FAST_AGENT);
            other.awaitLog("serves workers on", Duration.ofSeconds(60));
            procs.startServedWorker(url, "n02.1", dir.resolve("run-n02/agent.sock"), dir.resolve("n02.1.log"));
            procs.startServedWorker(url, "n02.2", dir.resolve("run-n02/agent.sock"), dir.resolve("n02.2.log"));
            Await.until(Duration.ofSeconds(120), "n02 to run the long task after the first level took it back",
                    () -> TaskTables.count(db, "task_id = 1 AND worker LIKE 'n02.%'", "spans") == 1);
            proxy.heal();

            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == TASKS);
            Await.until(Duration.ofSeconds(30), "the cut node's hand-back of the long task to be fenced out",
                    () -> TaskTables.count(db, "kind = 'late_finish_rejected' AND worker LIKE 'n01.%' AND task_key = '1'", "pampa.event") == 1);
            cutAgent.awaitLog("the database answers again", Duration.ofSeconds(30));

            assertThat(TaskTables.count(db, "true", "spans a JOIN spans b ON a.task_id = b.task_id AND (a.worker, a.try_number) <> (b.worker, b.try_number)"
                    + " AND a.started < coalesce(b.ended, 'infinity') AND b.started < coalesce(a.ended, 'infinity')"))
                    .as("runs of one task on two workers at the same time").isZero();
            assertThat(TaskTables.count(db, "task_id = 1 AND worker LIKE 'n01.%' AND ended IS NOT NULL AND ended - started < interval '12 seconds'", "spans"))
                    .as("the cut node abandoned the long try well before its end").isEqualTo(1);
            assertThat(TaskTables.count(db, "id = 1 AND parity LIKE 'n02.%' AND parity = pampa_reservation_id", "items"))
                    .as("the long task's result is n02's, who held it").isEqualTo(1);
            assertThat(TaskTables.count(db, "parity IS DISTINCT FROM pampa_reservation_id", "items")).as("a result written by a worker that did not hold the task").isZero();
            assertThat(cutAgent.log()).contains("revoking the tasks of 2 worker(s)");
            assertThat(w1.log() + w2.log()).contains("abandoned task");
            for (RuntimeProcess p : procs.started()) {
                assertThat(p.isAlive()).as(p.label() + " survived the cut; log:\n" + p.logTail(15)).isTrue();
            }
        }
    }

    private static int port(DbUrl url) {
        return URI.create(url.jdbcUrl().substring("jdbc:".length())).getPort();
    }
}
