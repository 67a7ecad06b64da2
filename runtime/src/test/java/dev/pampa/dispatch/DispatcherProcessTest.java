package dev.pampa.dispatch;

import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.Await;
import dev.pampa.testing.RuntimeProcess;
import dev.pampa.testing.RuntimeProcesses;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Real dispatcher processes: one leads, a standby takes over; and a PostgreSQL restart mid-run. */
class DispatcherProcessTest {
    private static final String JOB_PROCESSOR = "dev.pampa.testing.jobs.RecordingProcessor";

    @TempDir
    Path dir;

    @Test
    void oneOfTwoDispatchersLeadsAndTheStandbyTakesOverWithoutReservingARowTwice() {
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = open(url); RuntimeProcesses procs = new RuntimeProcesses()) {
            TaskTables.create(db, "items", 3_000);
            TaskTables.execute(db, "UPDATE items SET work_ms = 2");
            TaskTables.job(db, "rec", "items", JOB_PROCESSOR, "queue_size: 20");
            RuntimeProcess first = procs.startDispatcher(url, dir.resolve("d1.log"), "--lease-seconds", "4");
            Await.until(Duration.ofSeconds(30), "the first dispatcher to lead",
                    () -> holder(db) != null && holder(db).contains(":" + first.pid() + ":"));
            RuntimeProcess second = procs.startDispatcher(url, dir.resolve("d2.log"), "--lease-seconds", "4");
            procs.startWorker(url, "local.1", dir.resolve("w1.log"));
            procs.startWorker(url, "local.2", dir.resolve("w2.log"));
            Await.until(Duration.ofSeconds(60), "500 tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") >= 500);
            assertThat(holder(db)).as("the first still leads while alive").contains(":" + first.pid() + ":");

            first.kill9();
            long killedAt = System.nanoTime();
            Await.until(Duration.ofSeconds(30), "the standby to take over", () -> holder(db) != null && holder(db).contains(":" + second.pid() + ":"));
            System.out.printf("standby took over %.1f s after the leader was killed (lease 4 s)%n", (System.nanoTime() - killedAt) / 1e9);
            Await.until(Duration.ofSeconds(120), "every task done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 3_000);

            assertThat(TaskTables.count(db, "true", "runs")).as("each task ran exactly once").isEqualTo(3_000);
            assertThat(TaskTables.count(db, "pampa_reservation_times <> 1", "items")).isZero();
            assertThat(TaskTables.count(db, "kind = 'lease_taken' AND message LIKE '%took over%'", "pampa.event")).isEqualTo(1);
        }
    }

    @Test
    void aRunSurvivesAPostgresRestartAndLosesNothing() throws Exception {
        int port = freePort();
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres pg = start(data, port);
        DbUrl url = TestPostgres.freshDatabase(pg);
        try (RuntimeProcesses procs = new RuntimeProcesses()) {
            try (Database db = open(url)) {
                TaskTables.create(db, "items", 3_000);
                TaskTables.execute(db, "UPDATE items SET work_ms = 3");
                TaskTables.job(db, "rec", "items", JOB_PROCESSOR, "queue_size: 20");
                procs.startDispatcher(url, dir.resolve("d.log"));
                procs.startWorker(url, "local.1", dir.resolve("w1.log"));
                procs.startWorker(url, "local.2", dir.resolve("w2.log"));
                Await.until(Duration.ofSeconds(60), "500 tasks done", () -> TaskTables.count(db, "pampa_success IS TRUE", "items") >= 500);
            }
            pg.close();
            Thread.sleep(3_000);
            pg = start(data, port);
            try (Database db = open(url)) {
                Await.until(Duration.ofSeconds(120), "every task done after the restart",
                        () -> TaskTables.count(db, "pampa_success IS TRUE", "items") == 3_000);
                assertThat(TaskTables.count(db, "parity IS NULL OR pampa_end_time IS NULL", "items")).isZero();
                assertThat(TaskTables.count(db, "pampa_success IS NOT TRUE", "items")).isZero();
            }
            for (RuntimeProcess p : procs.started()) {
                assertThat(p.isAlive()).as(p + " survived the restart; log:\n" + p.logTail(15)).isTrue();
            }
        } finally {
            pg.close();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String holder(Database db) {
        return TaskTables.string(db, "SELECT holder FROM pampa.dispatcher_lease WHERE id = 1 AND expires_at > now()");
    }

    static Database open(DbUrl url) {
        Database db = Database.open(url, 4, "test");
        db.migrate();
        return db;
    }
}
