package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real dispatcher process with short retention settings, a real agent and worker: the lease holder
 * downsamples its own snapshots, drops events past their age and stops listing a stopped worker,
 * as the README's "Retention" says.
 */
class HistoryUpkeepProcessTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    @Test
    void theLeaseHolderDownsamplesPrunesEventsAndForgetsAStoppedWorkerAfterTheirTimes() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "upkeep-tests")), "up");
        DbUrl url = TestPostgres.freshDatabase();
        Path socket = dir.resolve("run/agent.sock");
        try (Database db = Database.open(url, 2, "test"); RuntimeProcesses procs = new RuntimeProcesses()) {
            db.migrate();
            TaskTables.create(db, "items", 200);
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 5");
            TaskTables.execute(db, "INSERT INTO pampa.event (at, kind, message) SELECT now() - interval '31 days', 'task_given_up', 'old' FROM generate_series(1, 20)");
            RuntimeProcess dispatcher = procs.startDispatcher(url, dir.resolve("dispatcher.log"), "--keep-full-stats", "10s",
                    "--keep-minute-stats", "1min", "--keep-stopped", "5s", "--housekeeping-every", "2s");
            RuntimeProcess agent = procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            agent.awaitLog("serves workers on", Duration.ofSeconds(60));
            RuntimeProcess worker = procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 200);
            worker.terminate();
            assertThat(worker.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(TaskTables.string(db, "SELECT state FROM pampa.worker WHERE name = 'n01.1'")).isEqualTo("stopped");

            Await.until(Duration.ofSeconds(30), "events older than 30 d removed (default --keep-events)",
                    () -> TaskTables.count(db, "message = 'old'", "pampa.event") == 0);
            Await.until(Duration.ofSeconds(60), "the stopped worker no longer listed",
                    () -> TaskTables.count(db, "name = 'n01.1'", "pampa.worker") == 0);
            assertThat(TaskTables.count(db, "kind = 'worker_pruned' AND worker = 'n01.1'", "pampa.event")).isEqualTo(1);
            Await.until(Duration.ofSeconds(150), "snapshots older than 10 s downsampled to minutes",
                    () -> TaskTables.count(db, "job = 'rec'", "pampa.job_stats_minute") >= 1);
            assertThat(TaskTables.count(db, "at < date_trunc('minute', now() - interval '10 seconds') - interval '5 seconds'", "pampa.job_stats"))
                    .as("full-resolution snapshots past their time, but for the one pass in flight").isZero();
            assertThat(TaskTables.count(db, "true", "(SELECT date_trunc('minute', at) FROM pampa.job_stats_minute GROUP BY 1 HAVING count(*) > 1) m"))
                    .as("one snapshot a minute").isZero();
            assertThat(dispatcher.log()).contains("history:").contains("worker(s)");
        }
    }
}
