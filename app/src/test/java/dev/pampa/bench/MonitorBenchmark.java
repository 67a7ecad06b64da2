package dev.pampa.bench;

import dev.pampa.report.JobDashboardView;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.store.monitor.JobDashboard;
import dev.pampa.store.monitor.JobSummaries;
import dev.pampa.store.monitor.NodeOverview;
import dev.pampa.store.monitor.StatsSeries;
import dev.pampa.store.monitor.TaskErrors;
import dev.pampa.store.monitor.WorkerStates;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The cockpit's reads, timed and printed: a dashboard refresh (counts, series, throughput, ETA) for a
 * job on a 1,000,000-row task table with a week of snapshots, and its parts; the errors, workers and
 * nodes screens. Target: a dashboard refresh under 200 ms.
 *
 * <p>{@code ./mvnw -q -pl app -am -Pbench -DskipTests -Dexec.skip=true -Dbench.main=dev.pampa.bench.MonitorBenchmark test-compile exec:exec}
 */
public final class MonitorBenchmark {
    private static final int ROWS = 1_000_000;
    private static final int SNAPSHOTS = 7 * 24 * 720; // a week, every 5 s
    private static final int RUNS = 20;

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        try (Database db = Database.open(TestPostgres.freshDatabase(), 4, "bench-monitor")) {
            db.migrate();
            long t0 = System.nanoTime();
            TaskTables.create(db, "big", ROWS);
            // 900,000 done (a tenth after a failed try), 5,000 dead of 3 errors, 2,000 waiting for a retry, 1,000 running, 1,000 queued
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = 'n01.' || (id % 10), pampa_reservation_times = 1 + (id % 10 = 0)::int, "
                    + "pampa_start_time = now(), pampa_end_time = now(), pampa_success = true WHERE id <= 900000");
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = 'n01.1', pampa_reservation_times = 3, pampa_start_time = now() - (id % 600) * interval '1 second', "
                    + "pampa_end_time = now() - (id % 600) * interval '1 second', pampa_success = false, "
                    + "pampa_error_description = 'java.lang.IllegalStateException: error ' || (id % 3) || chr(10) || '\tat com.example.P.process(P.java:' || (id % 97) || ')' "
                    + "WHERE id > 900000 AND id <= 905000");
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_times = 1, pampa_reservation_time = now(), pampa_success = false, "
                    + "pampa_error_description = 'java.net.SocketTimeoutException: Read timed out' WHERE id > 905000 AND id <= 907000");
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = 'n01.' || (id % 10), pampa_reservation_times = 1, pampa_start_time = now() "
                    + "WHERE id > 907000 AND id <= 908000");
            TaskTables.execute(db, "UPDATE big SET pampa_reservation_id = 'n01.' || (id % 10) WHERE id > 908000 AND id <= 909000");
            TaskTables.execute(db, "VACUUM ANALYZE big");
            TaskTables.job(db, "big", "big", "dev.pampa.testing.NoopProcessor");
            TaskTables.job(db, "big_unwatched", "big", "dev.pampa.testing.NoopProcessor");
            snapshots(db, "big", 1);
            snapshots(db, "big_unwatched", 3600);
            TaskTables.execute(db, "VACUUM ANALYZE pampa.job_stats");
            WorkerRegistry workers = new WorkerRegistry(db.dsl());
            for (int n = 1; n <= 10; n++) {
                for (int w = 1; w <= 10; w++) {
                    workers.register("n" + n + "." + w, "n" + n, "h" + n, w, "0.1.0", "i" + n + "." + w, 10);
                }
            }
            System.out.printf("Pampa monitor benchmark — %d cores; task table of %,d rows, %,d snapshots per job (a week every 5 s), 100 workers; set up in %.1f s%n",
                    Runtime.getRuntime().availableProcessors(), ROWS, SNAPSHOTS, (System.nanoTime() - t0) / 1e9);

            TaskTable table = new TaskTable(new JobStore(db.dsl()).find("big").orElseThrow().spec());
            JobDashboard dashboard = new JobDashboard(db.dsl());
            StatsSeries stats = new StatsSeries(db.dsl());
            System.out.println();
            time("dashboard refresh, 1 h window, counts from the latest snapshot", () -> dashboard.read("big", Duration.ofHours(1)));
            time("dashboard refresh, 7 d window, counts from the latest snapshot", () -> dashboard.read("big", Duration.ofDays(7)));
            time("dashboard refresh, 1 h window, no fresh snapshot: counts from the table", () -> dashboard.read("big_unwatched", Duration.ofHours(2)));
            time("  part: state counts of the task table (one scan)", () -> table.countStates(db.dsl()));
            time("  part: series, 1 h window (720 snapshots) at most 500 points", () -> stats.points("big", Duration.ofHours(1), 500));
            time("  part: series, 7 d window (120,960 snapshots) at most 500 points", () -> stats.points("big", Duration.ofDays(7), 500));
            time("  part: latest snapshot", () -> stats.latest("big"));
            time("errors screen: first page of groups (fingerprints) of 7,000 failed and dead tasks, with totals", () -> new TaskErrors(db.dsl()).groups("big"));
            time("errors screen: one task looked up with its row", () -> new TaskErrors(db.dsl()).lookUp("big", "900001"));
            time("workers screen: 100 workers and the lease", () -> new WorkerStates(db.dsl()).read());
            time("nodes screen: 10 nodes", () -> new NodeOverview(db.dsl()).read());
            // the dashboard's overview: 50 more jobs on a small table, each with an hour of snapshots
            TaskTables.create(db, "small", 1000);
            for (int j = 0; j < 50; j++) {
                String name = String.format("job_%02d", j);
                TaskTables.job(db, name, "small", "dev.pampa.testing.NoopProcessor");
                TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                        + "SELECT '" + name + "', now() - (1 + g * 5) * interval '1 second', 500 + g, 10, 10, 480 - g, 0, 0, 0 FROM generate_series(0, 719) g");
            }
            TaskTables.execute(db, "VACUUM ANALYZE pampa.job_stats");
            JobSummaries overview = new JobSummaries(db.dsl());
            time("dashboard overview, 52 jobs, one without a fresh snapshot (its 1,000,000 rows counted)", overview::readAll);
            snapshots(db, "big_unwatched", 1);
            TaskTables.execute(db, "VACUUM ANALYZE pampa.job_stats");
            time("dashboard overview, 52 jobs, all with a fresh snapshot (one statement)", overview::readAll);
            JobDashboardView v = dashboard.read("big", Duration.ofDays(7));
            System.out.printf("%n(a 7 d dashboard: %d series points, %d rate points)%n", v.series().size(), v.throughput().size());
        }
    }

    private static void snapshots(Database db, String job, int newestAgeSeconds) {
        TaskTables.execute(db, "INSERT INTO pampa.job_stats (job, at, pending, queued, running, done, dead, retrying, failed) "
                + "SELECT '" + job + "', now() - (" + newestAgeSeconds + " + g * 5) * interval '1 second', 91000, 1000, 1000, "
                + "900000 - 7 * g, 5000, 2000, 117000 - g FROM generate_series(0, " + (SNAPSHOTS - 1) + ") g");
    }

    private static void time(String what, Supplier<?> read) {
        for (int i = 0; i < 3; i++) {
            read.get();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            read.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-75s p50 %7.1f ms   max %7.1f ms%n", what, ms[RUNS / 2], ms[RUNS - 1]);
    }
}
