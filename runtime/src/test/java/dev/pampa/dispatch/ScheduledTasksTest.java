package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled and recurring tasks end to end (issue 10): a real dispatcher, real workers (served by their
 * node's agent, and one that is its own database client) on a real PostgreSQL.
 */
class ScheduledTasksTest {
    private static final String RECORDING = "dev.pampa.testing.jobs.RecordingProcessor";

    @TempDir
    Path dir;

    @Test
    void aTaskScheduledLaterStartsWithinTwoSecondsOfItsTimeAndNotBeforeThroughTheAgent() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = DispatcherProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            scheduledTable(db);
            Path socket = dir.resolve("run/agent.sock");
            procs.startDispatcher(url, dir.resolve("d.log"));
            procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));
            assertStartsOnTime(db);
        }
    }

    @Test
    void aTaskScheduledLaterStartsWithinTwoSecondsOfItsTimeAndNotBeforeOnADirectWorker() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = DispatcherProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            scheduledTable(db);
            procs.startDispatcher(url, dir.resolve("d.log"));
            procs.startWorker(url, "local.1", dir.resolve("w1.log"));
            assertStartsOnTime(db);
        }
    }

    /** 10 rows due now (no time), 10 scheduled a day ahead, as timestamp without zone (read as UTC). */
    private static void scheduledTable(Database db) {
        TaskTables.create(db, "items", 20);
        TaskTables.execute(db, "ALTER TABLE items ADD COLUMN run_at TIMESTAMP");
        TaskTables.execute(db, "UPDATE items SET run_at = (now() AT TIME ZONE 'UTC') + interval '1 day' WHERE id > 10");
        TaskTables.job(db, "sched", "items", RECORDING, "field_scheduled_time: run_at");
    }

    /** Once the workers ran the unscheduled tasks, 5 tasks are moved to 4 s ahead: an update, which wakes nobody. */
    private static void assertStartsOnTime(Database db) {
        Await.until(Duration.ofSeconds(60), "the 10 unscheduled tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE AND run_at IS NULL", "items") == 10);
        TaskTables.execute(db, "UPDATE items SET run_at = (now() AT TIME ZONE 'UTC') + interval '4 seconds' WHERE id BETWEEN 11 AND 15");
        Await.until(Duration.ofSeconds(60), "the 5 tasks scheduled 8 s ahead done", () -> TaskTables.count(db, "pampa_success IS TRUE AND id BETWEEN 11 AND 15", "items") == 5);
        assertThat(TaskTables.count(db, "id BETWEEN 11 AND 15 AND pampa_start_time < run_at AT TIME ZONE 'UTC'", "items"))
                .as("no scheduled task started before its time").isZero();
        String late = TaskTables.string(db, "SELECT max(extract(epoch FROM pampa_start_time - run_at AT TIME ZONE 'UTC')) FROM items WHERE id BETWEEN 11 AND 15");
        System.out.println("latest start after the scheduled time: " + late + " s");
        assertThat(Double.parseDouble(late)).as("every scheduled task started within 2 s of its time").isLessThan(2.0);
        assertThat(TaskTables.count(db, "id > 15 AND (pampa_reservation_id IS NOT NULL OR pampa_end_time IS NOT NULL)", "items"))
                .as("tasks scheduled a day ahead are not pending, so nobody reserved them").isZero();
        assertThat(TaskTables.count(db, "task_id > 15", "runs")).isZero();
    }

    @Test
    void eachCronFiringRelaunchesExactlyTheDoneTasksAndTheNextFiringIsStored() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = DispatcherProcessTest.open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 8);
            // keys 1-5 succeed, 6-8 fail their only try and stay dead
            TaskTables.job(db, "every2s", "items", "dev.pampa.testing.jobs.FailsAboveFive", "max_try_times: 1", "schedule: '*/2 * * * * ?'",
                    "schedule_time_zone: Europe/Paris");
            Path socket = dir.resolve("run/agent.sock");
            procs.startDispatcher(url, dir.resolve("d.log"));
            procs.startAgent(url, "n01", socket, dir.resolve("agent.log"));
            procs.startServedWorker(url, "n01.1", socket, dir.resolve("w1.log"));

            Await.until(Duration.ofSeconds(60), "every task ended once", () -> TaskTables.count(db, "pampa_end_time IS NULL", "items") == 0);
            Await.until(Duration.ofSeconds(30), "two firings that relaunched the 5 done tasks",
                    () -> TaskTables.count(db, "kind = 'job_fired' AND message LIKE '5 done task(s) relaunched%'", "pampa.event") >= 2);
            Await.until(Duration.ofSeconds(30), "the done tasks run again at each firing", () -> TaskTables.count(db, "task_id <= 5", "runs") >= 5 * 3);
            assertThat(TaskTables.count(db, "task_id > 5", "runs")).as("the dead tasks ran once and were never relaunched").isEqualTo(3);
            assertThat(TaskTables.count(db, "id > 5 AND pampa_success IS FALSE AND pampa_end_time IS NOT NULL", "items")).isEqualTo(3);
            assertThat(TaskTables.count(db, "kind = 'job_fired' AND split_part(message, ' ', 1)::int > 5", "pampa.event"))
                    .as("no firing relaunched more than the 5 done tasks").isZero();

            OffsetDateTime next = new JobStore(db.dsl()).find("every2s").orElseThrow().nextFiringAt();
            assertThat(next).as("the next firing is stored for job list, status and the cockpit").isNotNull();
            assertThat(next.toEpochSecond() % 2).as("on an even second").isZero();
            assertThat(Duration.between(OffsetDateTime.now(), next).abs()).isLessThan(Duration.ofSeconds(5));
            dev.pampa.testing.CliRun list = dev.pampa.testing.CliRun.of("job", "list", "--db=" + db.url().withCredentials());
            assertThat(list.out()).as(list.toString()).contains("NEXT_FIRING").containsPattern("every2s .* 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        }
    }
}
