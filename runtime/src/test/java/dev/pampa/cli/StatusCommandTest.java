package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.JobStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    Database db;
    String url;

    @BeforeEach
    void database() throws Exception {
        db = TestPostgres.migratedDatabase();
        url = db.url().withCredentials();
        TaskTableFixture.createNumbers(db);
        TaskTableFixture.insertNumbers(db, 10);
        new JobStore(db.dsl()).save(JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()), "test"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Rows in every state, as workers and the dispatcher would have left them. */
    private void tasksInEveryState() {
        db.dsl().execute("UPDATE numbers SET pampa_reservation_id = 'n01.1', pampa_reservation_time = now() WHERE id IN (1, 2)");
        db.dsl().execute("UPDATE numbers SET pampa_reservation_id = 'n01.1', pampa_reservation_time = now(),"
                + " pampa_start_time = now(), pampa_reservation_times = 1 WHERE id = 3");
        db.dsl().execute("UPDATE numbers SET pampa_end_time = now(), pampa_success = true, pampa_reservation_times = 1 WHERE id IN (4, 5, 6)");
        db.dsl().execute("UPDATE numbers SET pampa_end_time = now(), pampa_success = false, pampa_reservation_times = 3,"
                + " pampa_error_description = 'boom' WHERE id = 7");
        db.dsl().execute("UPDATE numbers SET pampa_success = false, pampa_reservation_times = 1, pampa_error_description = 'once' WHERE id = 8");
    }

    /** Snapshots 10 s, 2 s apart: the rate must span the wider gap, since 2 s is too short to measure. */
    private void statsHistory() {
        db.dsl().execute("""
                INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying) VALUES
                  ('odd', TIMESTAMPTZ '2024-05-01 10:00:00+00', 10, 0, 0, 0, 0, 0),
                  ('odd', TIMESTAMPTZ '2024-05-01 10:00:10+00', 10, 0, 0, 20, 0, 0),
                  ('odd', TIMESTAMPTZ '2024-05-01 10:00:12+00', 10, 0, 0, 25, 0, 0)""");
    }

    private void workerAndLease() {
        WorkerRegistry workers = new WorkerRegistry(db.dsl());
        workers.register("n01.1", "n01", "host1", 4242, "dev", "inc-1", 10);
        workers.heartbeat("n01.1", "inc-1", WorkerRegistry.RUNNING, "odd", "3", 5, 1);
        db.dsl().execute("UPDATE pampa.worker SET heartbeat_at = now() - interval '30 seconds' WHERE name = 'n01.1'");
        DispatcherLease lease = new DispatcherLease(db.dsl(), 60);
        lease.tryHold("n01-dispatcher", "n01", 777);
        lease.recordRound("n01-dispatcher", 3.5);
    }

    @Test
    void jsonHoldsCountsRateWorkersAndLease() throws Exception {
        tasksInEveryState();
        statsHistory();
        workerAndLease();

        CliRun run = CliRun.of("status", "--json", "--db", url);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode status = new ObjectMapper().readTree(run.out());
        JsonNode job = status.get("jobs").get(0);
        assertThat(job.get("name").asText()).isEqualTo("odd");
        assertThat(job.get("pending").asLong()).isEqualTo(3);
        assertThat(job.get("queued").asLong()).isEqualTo(2);
        assertThat(job.get("running").asLong()).isEqualTo(1);
        assertThat(job.get("done").asLong()).isEqualTo(3);
        assertThat(job.get("dead").asLong()).isEqualTo(1);
        assertThat(job.get("retrying").asLong()).isEqualTo(1);
        assertThat(job.get("done_per_second").asDouble()).isCloseTo(25.0 / 12, within(1e-9));
        assertThat(job.get("problem").isNull()).isTrue();

        JsonNode worker = status.get("workers").get(0);
        assertThat(worker.get("name").asText()).isEqualTo("n01.1");
        assertThat(worker.get("node").asText()).isEqualTo("n01");
        assertThat(worker.get("state").asText()).isEqualTo("running");
        assertThat(worker.get("heartbeat_age_seconds").asDouble()).isBetween(30.0, 45.0);
        assertThat(worker.get("current_job").asText()).isEqualTo("odd");
        assertThat(worker.get("current_task").asText()).isEqualTo("3");
        assertThat(worker.get("done").asLong()).isEqualTo(5);
        assertThat(worker.get("failed").asLong()).isEqualTo(1);

        JsonNode dispatcher = status.get("dispatcher");
        assertThat(dispatcher.get("holder").asText()).isEqualTo("n01-dispatcher");
        assertThat(dispatcher.get("expires_in_seconds").asDouble()).isBetween(45.0, 60.0);
        assertThat(dispatcher.get("last_round_ms").asDouble()).isEqualTo(3.5);
    }

    @Test
    void withoutHistoryOrWorkersTheUnknownsAreNull() throws Exception {
        db.dsl().execute("INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying)"
                + " VALUES ('odd', now(), 10, 0, 0, 0, 0, 0)");

        CliRun run = CliRun.of("status", "--json", "--db", url);

        JsonNode status = new ObjectMapper().readTree(run.out());
        assertThat(status.get("jobs").get(0).get("pending").asLong()).isEqualTo(10);
        assertThat(status.get("jobs").get(0).get("done_per_second").isNull()).isTrue();
        assertThat(status.get("workers").size()).isZero();
        assertThat(status.get("dispatcher").get("holder").isNull()).isTrue();
    }

    @Test
    void jobWhoseTableWasDroppedIsShownWithTheProblem() throws Exception {
        db.dsl().execute("DROP TABLE numbers");

        CliRun run = CliRun.of("status", "--json", "--db", url);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode job = new ObjectMapper().readTree(run.out()).get("jobs").get(0);
        assertThat(job.get("pending").isNull()).isTrue();
        assertThat(job.get("problem").asText()).isEqualTo("table numbers is missing");
    }

    @Test
    void humanOutputHasOneTablePerSubject() {
        tasksInEveryState();
        statsHistory();
        workerAndLease();

        CliRun run = CliRun.of("status", "--db", url);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).startsWith(
                "JOB  PAUSED  PENDING  QUEUED  RUNNING  DONE  DEAD  CANCELLED  RETRYING  DONE/S",
                "odd  no      3        2       1        3     1     0          1         2.1",
                "",
                "WORKER  NODE  STATE    HEARTBEAT  JOB  TASK  DONE  FAILED");
        assertThat(run.out()).containsPattern("n01\\.1 +n01 +running +3\\ds ago +odd +3 +5 +1")
                .containsPattern("dispatcher: n01-dispatcher on n01 \\(pid 777\\), lease expires in [0-9ms]+; last round 3\\.5 ms, \\d+s ago");
    }
}
