package dev.pampa.work;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Real worker and dispatcher processes: kill -9, SIGTERM, and a zombie's late write. */
class WorkerProcessTest {
    private static final String JOB_PROCESSOR = "dev.pampa.testing.jobs.RecordingProcessor";

    @TempDir
    Path logs;

    @Test
    void killedWorkersTasksAreRerunElsewhereAndEveryTaskEndsDone() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 800);
            TaskTables.execute(db, "UPDATE items SET work_ms = 3");
            TaskTables.job(db, "rec", "items", JOB_PROCESSOR, "queue_size: 20");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess w1 = procs.startWorker(url, "local.1", logs.resolve("w1.log"), "--heartbeat-ms", "500");
            procs.startWorker(url, "local.2", logs.resolve("w2.log"), "--heartbeat-ms", "500");
            Await.until(Duration.ofSeconds(60), "local.1 to run 200 tasks",
                    () -> TaskTables.count(db, "worker = 'local.1'", "runs") >= 200);
            w1.kill9();
            Await.until(Duration.ofSeconds(120), "every task done",
                    () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 800);

            assertThat(TaskTables.count(db, "pampa_end_time IS NOT NULL AND pampa_success IS NOT TRUE", "items")).isZero();
            assertThat(TaskTables.string(db, "SELECT state FROM pampa.worker WHERE name = 'local.1'")).isEqualTo("dead");
            assertThat(TaskTables.count(db, "kind = 'worker_died' AND worker = 'local.1'", "pampa.event")).isEqualTo(1);
            // whatever local.1 held when it died was finished by local.2
            assertThat(TaskTables.count(db, "parity = 'local.1' AND id IN (SELECT task_id FROM runs WHERE worker = 'local.2')", "items")).isZero();
        }
    }

    @Test
    void aProcessorThatKillsItsJvmLosesNoTask() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 50);
            TaskTables.job(db, "halt", "items", "dev.pampa.testing.jobs.HaltingProcessor", "queue_size: 50");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess first = procs.startWorker(url, "local.1", logs.resolve("w1.log"), "--heartbeat-ms", "500");
            assertThat(first.waitFor(Duration.ofSeconds(60))).as("the JVM the processor halted").isEqualTo(3);
            procs.startWorker(url, "local.2", logs.resolve("w2.log"), "--heartbeat-ms", "500");
            Await.until(Duration.ofSeconds(60), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 50);

            assertThat(TaskTables.string(db, "SELECT pampa_reservation_times || ' ' || parity FROM items WHERE id = 7")).isEqualTo("2 local.2");
            assertThat(TaskTables.count(db, "pampa_end_time IS NULL OR pampa_success IS NOT TRUE", "items")).isZero();
        }
    }

    /**
     * Key 60 kills every worker it meets, and a job allows one try. The worker that dies first holds it
     * in a batch: the tasks of that batch are not ended dead for it, but come back as suspects that
     * run alone (with a try beyond max_try_times), so key 60 kills one more worker alone and ends dead,
     * and every other task is done.
     */
    @Test
    void aTaskThatKillsItsWorkersEndsDeadAloneAndTheTasksOfItsBatchRun() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 100);
            // no work but the record: by key 60 the worker knows the job is fast and starts it in a batch
            TaskTables.execute(db, "UPDATE items SET work_ms = CASE WHEN id = 60 THEN -1 ELSE 0 END");
            TaskTables.job(db, "kill", "items", "dev.pampa.testing.jobs.KillsItsWorker", "queue_size: 40", "max_try_times: 1");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"), "--stale-worker-seconds", "3");
            RuntimeProcess first = procs.startWorker(url, "local.1", logs.resolve("w1.log"), "--heartbeat-ms", "500");
            assertThat(first.waitFor(Duration.ofSeconds(60))).as("the JVM key 60 exited").isEqualTo(4);
            long batch = TaskTables.count(db, "pampa_reservation_id = 'local.1' AND pampa_start_time IS NOT NULL AND pampa_end_time IS NULL", "items");
            procs.startWorker(url, "local.2", logs.resolve("w2.log"), "--heartbeat-ms", "500");
            procs.startWorker(url, "local.3", logs.resolve("w3.log"), "--heartbeat-ms", "500");
            Await.until(Duration.ofSeconds(120), "every other task done and key 60 dead",
                    () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 99 && TaskTables.count(db, "id = 60 AND pampa_end_time IS NOT NULL", "items") == 1);

            assertThat(batch).as("key 60 was started in a batch with others").isGreaterThan(1);
            assertThat(TaskTables.count(db, "pampa_end_time IS NOT NULL AND pampa_success IS NOT TRUE", "items")).as("only key 60 dead").isEqualTo(1);
            assertThat(TaskTables.string(db, "SELECT pampa_error_description FROM items WHERE id = 60")).contains("worker died", "tries used up");
            assertThat(TaskTables.count(db, "task_id = 60", "runs")).as("key 60 ran once in the batch, then alone").isEqualTo(2);
        }
    }

    @Test
    void sigtermFinishesTheTaskInHandGivesTheQueueBackAndExitsZero() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 100);
            TaskTables.execute(db, "UPDATE items SET work_ms = 300");
            TaskTables.job(db, "rec", "items", JOB_PROCESSOR, "queue_size: 10");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"));
            RuntimeProcess w = procs.startWorker(url, "local.1", logs.resolve("w1.log"));
            Await.until(Duration.ofSeconds(60), "three tasks run", () -> TaskTables.count(db, "true", "runs") >= 3);
            w.terminate();
            assertThat(w.waitFor(Duration.ofSeconds(30))).as("exit code, log:\n" + w.logTail(20)).isZero();

            long ran = TaskTables.count(db, "true", "runs");
            assertThat(TaskTables.count(db, "pampa_success IS TRUE", "items")).as("every task that ran finished").isEqualTo(ran);
            assertThat(TaskTables.count(db, "pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL", "items")).as("nothing left reserved").isZero();
            assertThat(TaskTables.count(db, "pampa_end_time IS NULL AND coalesce(pampa_reservation_times, 0) > 0", "items")).as("no try counted for a task never run").isZero();
            assertThat(TaskTables.string(db, "SELECT state FROM pampa.worker WHERE name = 'local.1'")).isEqualTo("stopped");
        }
    }

    @Test
    void aZombiesLateFinishIsRejectedAfterItsTaskWasRerunElsewhere() throws Exception {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 1);
            TaskTables.execute(db, "UPDATE items SET work_ms = 4000");
            TaskTables.job(db, "rec", "items", JOB_PROCESSOR, "queue_size: 1");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"), "--stale-worker-seconds", "2");
            RuntimeProcess zombie = procs.startWorker(url, "local.1", logs.resolve("w1.log"), "--heartbeat-ms", "500");
            Await.until(Duration.ofSeconds(60), "local.1 to start the task", () -> TaskTables.count(db, "worker = 'local.1'", "runs") == 1);
            signal("STOP", zombie.pid());
            try {
                procs.startWorker(url, "local.2", logs.resolve("w2.log"), "--heartbeat-ms", "500");
                Await.until(Duration.ofSeconds(60), "local.2 to finish the task",
                        () -> TaskTables.count(db, "pampa_success IS TRUE AND parity = 'local.2'", "items") == 1);
            } finally {
                signal("CONT", zombie.pid());
            }
            Await.until(Duration.ofSeconds(30), "the zombie's late finish to be rejected",
                    () -> TaskTables.count(db, "kind = 'late_finish_rejected' AND worker = 'local.1'", "pampa.event") == 1);

            assertThat(TaskTables.string(db, "SELECT parity || ' ' || pampa_reservation_id || ' ' || pampa_reservation_times FROM items WHERE id = 1"))
                    .isEqualTo("local.2 local.2 2");
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
