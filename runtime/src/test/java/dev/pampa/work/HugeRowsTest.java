package dev.pampa.work;

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row too large for a worker costs only itself: it is ended dead with a cause naming its size and
 * the limit, without ever being fetched, and the other tasks of the job run. Real agent, worker and
 * dispatcher processes, a real PostgreSQL.
 */
class HugeRowsTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    Path dir;

    @BeforeEach
    void dir(TestInfo info) throws IOException {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "agent-tests")), info.getTestMethod().orElseThrow().getName().substring(0, 12));
    }

    /** Text that does not compress: the row's stored size is about its size in memory. */
    private static void fill(Database db, String where, int megabytes) {
        TaskTables.execute(db, "UPDATE items SET blob = (SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, "
                + (megabytes * 32_768) + ") g) WHERE " + where);
    }

    @Test
    void aNinetyMegabyteRowLargerThanTheHeapsIsRefusedWithItsCauseAndTheOthersRunBehindTheAgent() {
        DbUrl url = TestPostgres.freshDatabase();
        // agent and worker heaps of 64 MB: the row would not even fit once
        try (Database db = NodeAgentProcessTestAccess.open(url); RuntimeProcesses procs = new RuntimeProcesses(List.of("-Xmx64m", "-XX:+UseSerialGC"))) {
            TaskTables.create(db, "items", 40);
            TaskTables.execute(db, "ALTER TABLE items ADD COLUMN blob TEXT");
            fill(db, "id = 7", 90);
            assertThat(Long.parseLong(TaskTables.string(db, "SELECT octet_length(blob) FROM items WHERE id = 7"))).isGreaterThanOrEqualTo(90L << 20);
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 10");
            Path socket = dir.resolve("run/agent.sock");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            RuntimeProcess worker = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            Await.until(Duration.ofSeconds(120), "every other task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 39);

            assertThat(TaskTables.string(db, "SELECT pampa_success || ' ' || pampa_reservation_times || ' ' || (pampa_end_time IS NOT NULL) FROM items WHERE id = 7"))
                    .as("dead at once: no try can help").isEqualTo("false 1 true");
            assertThat(TaskTables.string(db, "SELECT pampa_error_description FROM items WHERE id = 7"))
                    .startsWith("refused: the row is ").contains("more than the 16777216 bytes a worker takes", "--max-row-mb");
            assertThat(TaskTables.count(db, "task_id = 7", "runs")).as("never handed to the processor").isZero();
            assertThat(TaskTables.count(db, "true", "runs")).as("each other task ran once").isEqualTo(39);
            assertThat(agent.isAlive()).as("agent alive, log:\n" + agent.logTail(20)).isTrue();
            assertThat(worker.isAlive()).as("worker alive, log:\n" + worker.logTail(20)).isTrue();
            assertThat(agent.log()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void aWorkerOfItsOwnRefusesARowOverItsLoweredLimitAndTakesLargeRowsAFewAtATime() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = NodeAgentProcessTestAccess.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 30);
            TaskTables.execute(db, "ALTER TABLE items ADD COLUMN blob TEXT");
            fill(db, "id = 5", 3);
            TaskTables.execute(db, "UPDATE items SET blob = (SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 12000) g) WHERE id BETWEEN 10 AND 14");
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 30");
            procs.startDispatcher(url, dir.resolve("dispatcher.log"));
            RuntimeProcess worker = procs.startWorker(url, "local.1", dir.resolve("w1.log"), "--max-row-mb", "1");
            Await.until(Duration.ofSeconds(120), "every other task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 29);

            assertThat(TaskTables.string(db, "SELECT pampa_error_description FROM items WHERE id = 5"))
                    .startsWith("refused: the row is ").contains("more than the 1048576 bytes a worker takes");
            assertThat(TaskTables.string(db, "SELECT pampa_success || ' ' || pampa_reservation_times FROM items WHERE id = 5")).isEqualTo("false 1");
            assertThat(TaskTables.count(db, "task_id = 5", "runs")).isZero();
            assertThat(TaskTables.count(db, "true", "runs")).as("each other task ran once").isEqualTo(29);
            assertThat(TaskTables.count(db, "pampa_reservation_times <> 1", "items")).as("no try charged to a row held back by the budget").isZero();
            assertThat(worker.isAlive()).as("worker alive, log:\n" + worker.logTail(20)).isTrue();
        }
    }
}
