package dev.pampa.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.api.SelectingFunction;
import dev.pampa.cli.ExitCode;
import dev.pampa.report.JobProgress;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.Await;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a task (docs/design.md §4): its own end, counted apart from dead, respected by the dispatcher and the workers. */
class TaskCancelTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    @TempDir
    Path logs;

    private static Database open(DbUrl url) {
        Database db = Database.open(url, 3, "test");
        db.migrate();
        return db;
    }

    @Test
    void pendingAndQueuedTasksAreCancelledRunningOnesAreNotAndRetryBringsThemBack() {
        try (Database db = open(TestPostgres.freshDatabase())) {
            TaskTables.create(db, "items", 10);
            TaskTables.job(db, "j", "items", RECORDING, "max_try_times: 2");
            TaskTable table = new TaskTable(new JobStore(db.dsl()).find("j").orElseThrow().spec());
            TaskOperations tasks = new TaskOperations(db);
            // 2 queued on a worker, 3 running on it, 10 dead
            TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n.1', pampa_reservation_time = now() WHERE id IN (2, 3)");
            TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n.1', pampa_start_time = now(), pampa_reservation_times = 1 WHERE id = 3");
            TaskTables.execute(db, "UPDATE items SET pampa_end_time = now(), pampa_success = false, pampa_error_description = 'boom' WHERE id = 10");

            TaskOperations.Outcome pending = tasks.cancel("j", "1", "a test");
            TaskOperations.Outcome queued = tasks.cancel("j", "2", "a test");
            TaskOperations.Outcome running = tasks.cancel("j", "3", "a test");

            assertThat(pending.acted()).isTrue();
            assertThat(queued.acted()).isTrue();
            assertThat(running.acted()).isFalse();
            assertThat(running.state()).isEqualTo(TaskDetail.State.RUNNING);
            assertThat(running.message()).contains("is running on worker n.1: it was not cancelled");
            assertThat(tasks.cancel("j", "10", "a test").message()).contains("has already ended dead");
            assertThat(tasks.cancel("j", "1", "a test").message()).contains("was already cancelled");
            assertThat(tasks.cancel("j", "999", "a test").message()).isEqualTo("job j has no task with the key 999: nothing cancelled");
            assertThat(tasks.find("j", "2").orElseThrow().state()).isEqualTo(TaskDetail.State.CANCELLED);
            assertThat(tasks.find("j", "2").orElseThrow().error()).isEqualTo("cancelled: by a test, while queued on worker n.1");
            assertThat(TaskTables.count(db, "kind = 'task_cancelled'", "pampa.event")).isEqualTo(2);

            JobProgress p = table.progress(db.dsl());
            assertThat(p).isEqualTo(new JobProgress(6, 0, 1, 0, 1, 0, 2));
            assertThat(p.total()).isEqualTo(10);
            // the dispatcher reserves every pending row but the cancelled ones; a relaunching function that matches them leaves them be
            int claimed = db.dsl().transactionResult(c -> table.claim(DSL.using(c), "n.2", 100, SelectingFunction.DEFAULT));
            assertThat(claimed).isEqualTo(6);
            assertThat((int) db.dsl().transactionResult(c -> table.relaunch(DSL.using(c), DSL.noCondition()))).as("only the dead one").isEqualTo(1);
            assertThat(tasks.find("j", "1").orElseThrow().state()).isEqualTo(TaskDetail.State.CANCELLED);

            TaskOperations.Outcome retried = tasks.retry("j", "1");
            assertThat(retried.acted()).as(retried.message()).isTrue();
            assertThat(tasks.find("j", "1").orElseThrow().state()).isEqualTo(TaskDetail.State.PENDING);
            assertThat(table.progress(db.dsl()).cancelled()).isEqualTo(1);
        }
    }

    @Test
    void theCommandLineCancelsThroughTheSameFacadeAndSaysWhyNot() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url)) {
            TaskTables.create(db, "items", 5);
            TaskTables.job(db, "j", "items", RECORDING);
            TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n.1', pampa_start_time = now(), pampa_reservation_times = 1 WHERE id = 3");
            String dbArg = "--db=" + url.withCredentials();

            CliRun cancelled = CliRun.of("task", "cancel", "j", "4", dbArg);
            CliRun running = CliRun.of("task", "cancel", "j", "3", dbArg);
            CliRun unknownJob = CliRun.of("task", "cancel", "nope", "3", dbArg);
            CliRun shown = CliRun.of("task", "show", "j", "4", dbArg);
            CliRun retried = CliRun.of("task", "retry", "j", "4", dbArg);

            assertThat(cancelled.exitCode()).as(cancelled.toString()).isEqualTo(ExitCode.OK);
            assertThat(cancelled.out()).startsWith("task 4 of job j cancelled: it will not run");
            assertThat(running.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(running.out()).contains("is running on worker n.1: it was not cancelled");
            assertThat(unknownJob.exitCode()).isEqualTo(ExitCode.UNKNOWN_JOB);
            assertThat(unknownJob.err()).contains("no job named nope (known jobs: j)");
            assertThat(shown.out()).startsWith("task 4: cancelled").contains("error:    cancelled: by pampa task cancel, while pending");
            assertThat(retried.exitCode()).as(retried.toString()).isEqualTo(ExitCode.OK);
            assertThat(retried.out()).isEqualTo("task 4 of job j (cancelled) is pending again\n");
        }
    }

    @Test
    void tasksAreFoundByStateWorkerAndErrorTextFromTheFacadeAndTheCommandLine() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url)) {
            TaskTables.create(db, "items", 20);
            TaskTables.job(db, "j", "items", RECORDING);
            TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n.' || (id % 2 + 1), pampa_reservation_times = 3, pampa_start_time = now(),"
                    + " pampa_end_time = now() - id * interval '1 second', pampa_success = false,"
                    + " pampa_error_description = CASE WHEN id % 3 = 0 THEN 'java.net.SocketTimeoutException: Read TIMED out' ELSE 'boom 50%_off' END WHERE id <= 10");
            TaskTables.execute(db, "UPDATE items SET pampa_reservation_id = 'n.1', pampa_reservation_time = now() WHERE id = 11");
            TaskOperations tasks = new TaskOperations(db);
            tasks.cancel("j", "12", "a test");

            assertThat(tasks.search("j", TaskDetail.State.DEAD, "n.2", "timed out", 100)).as("dead on n.2, timed out, latest first").containsExactly("3", "9");
            assertThat(tasks.search("j", TaskDetail.State.DEAD, null, "50%_", 100)).as("wildcards taken literally").hasSize(7);
            assertThat(tasks.search("j", TaskDetail.State.DEAD, null, "5%x", 100)).isEmpty();
            assertThat(tasks.search("j", TaskDetail.State.QUEUED, null, null, 100)).containsExactly("11");
            assertThat(tasks.search("j", TaskDetail.State.CANCELLED, null, null, 100)).containsExactly("12");
            assertThat(tasks.search("j", TaskDetail.State.PENDING, null, "", 100)).hasSize(8);
            assertThat(tasks.search("j", null, null, null, 5)).hasSize(5);

            CliRun found = CliRun.of("task", "find", "j", "--state", "dead", "--worker", "n.2", "--error", "TIMED", "--db=" + url.withCredentials());
            assertThat(found.exitCode()).as(found.toString()).isEqualTo(ExitCode.OK);
            assertThat(found.out()).isEqualTo("3\n9\n");
            CliRun badState = CliRun.of("task", "find", "j", "--state", "zombie", "--db=" + url.withCredentials());
            assertThat(badState.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(badState.err()).contains("no task state named zombie — give one of pending, retrying, queued, running, done, dead, cancelled");
        }
    }

    /**
     * Every row is queued on worker local.1 before it starts; key 7 is cancelled meanwhile. The real
     * worker and dispatcher then run the other 29, and key 7 never runs.
     */
    @Test
    void aCancelledQueuedTaskNeverRunsOnARealWorker() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 30);
            TaskTables.job(db, "rec", "items", RECORDING, "queue_size: 30");
            TaskTable table = new TaskTable(new JobStore(db.dsl()).find("rec").orElseThrow().spec());
            assertThat((int) db.dsl().transactionResult(c -> table.claim(DSL.using(c), "local.1", 30, SelectingFunction.DEFAULT))).isEqualTo(30);
            assertThat(new TaskOperations(db).cancel("rec", "7", "a test").acted()).isTrue();

            procs.startWorker(url, "local.1", logs.resolve("w1.log"), "--heartbeat-ms", "500");
            procs.startDispatcher(url, logs.resolve("dispatcher.log"));
            Await.until(Duration.ofSeconds(90), "29 tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 29);
            // a few more rounds of the dispatcher and the worker: key 7 still does not run
            Await.until(Duration.ofSeconds(30), "a stats snapshot with the cancelled task",
                    () -> TaskTables.count(db, "job = 'rec' AND cancelled = 1 AND done = 29", "pampa.job_stats") > 0);

            assertThat(TaskTables.count(db, "task_id = 7", "runs")).isZero();
            assertThat(TaskTables.count(db, "true", "runs")).isEqualTo(29);
            assertThat(table.progress(db.dsl())).isEqualTo(new JobProgress(0, 0, 0, 29, 0, 0, 1));
        }
    }
}
