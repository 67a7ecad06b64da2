package dev.pampa.bench;

import dev.pampa.jobs.JobOperations;
import dev.pampa.jobs.TableFit;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.store.DbUrl;
import dev.pampa.testing.LiveWriter;
import dev.pampa.testing.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code job apply --create-columns} does to an application that keeps inserting into the job's
 * table: the insert waits (max, median, p99) of one connection inserting a row every 10 ms, while the
 * table of N rows is prepared the old way (columns, plain CREATE INDEX and trigger in one transaction)
 * and the new way (short lock timeouts, CREATE INDEX CONCURRENTLY), on two identical tables of the same
 * database in the same run; and each concurrent build's time against its estimate.
 *
 * <p>Run (see BENCHMARKS.md): {@code java -cp … dev.pampa.bench.LiveApplyBenchmark --rows=4000000}.
 */
public final class LiveApplyBenchmark {
    private static final long INSERT_EVERY_MS = 10;

    public static void main(String[] args) throws Exception {
        int rows = 4_000_000;
        for (String a : args) {
            if (a.startsWith("--rows=")) {
                rows = Integer.parseInt(a.substring("--rows=".length()));
            }
        }
        System.out.printf(Locale.US, "Applying a job to a live table: %,d rows, one connection inserting a row every %d ms; load average %s%n",
                rows, INSERT_EVERY_MS, loadAverage());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start()) {
            run(TestPostgres.freshDatabase(pg), rows);
        }
    }

    private static void run(DbUrl url, int rows) throws Exception {
        try (Database db = Database.open(url, 4, "bench")) {
            db.migrate();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                System.out.printf("PostgreSQL %s, fsync=%s, synchronous_commit=%s%n", show(s, "server_version"), show(s, "fsync"),
                        show(s, "synchronous_commit"));
            }
            for (String table : List.of("old_way", "new_way")) {
                long t0 = System.nanoTime();
                db.dsl().execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, amount integer NOT NULL, note text)");
                db.dsl().execute("INSERT INTO " + table + " SELECT g, g % 1000, 'batch ' || (g / 1000) FROM generate_series(1, " + rows + ") g");
                db.dsl().execute("VACUUM ANALYZE " + table);
                System.out.printf(Locale.US, "table %s filled in %.1f s (%s)%n", table, (System.nanoTime() - t0) / 1e9,
                        db.dsl().fetchValue("SELECT pg_size_pretty(pg_relation_size('" + table + "'))"));
            }

            LiveWriter.Waits idle = measure(url, "old_way", 1, () -> Thread.sleep(3_000));
            System.out.printf(Locale.US, "%nno DDL (3 s):                        %s%n", idle);

            long[] oldTook = new long[1];
            LiveWriter.Waits old = measure(url, "old_way", 2, () -> oldTook[0] = oldWay(db));
            System.out.printf(Locale.US, "old way, one transaction (%5.1f s):  %s%n", oldTook[0] / 1e9, old);

            JobOperations jobs = new JobOperations(db, Path.of("jobs"));
            JobSpec spec = JobYaml.parse("name: pay\ntable: new_way\nprocessor: dev.pampa.testing.NoopProcessor\n", "bench");
            TableFit plan = jobs.check(spec).table();
            List<String> timings = new ArrayList<>();
            long[] stepsTook = new long[1];
            DdlListener timer = new DdlListener() {
                @Override
                public void finished(DdlStep step, Duration took) {
                    stepsTook[0] += took.toNanos();
                    timings.add(String.format(Locale.US, "  %-55s took %6s, estimated %s", step.title(), DdlStep.duration(took),
                            step.kind() == DdlStep.Kind.CREATE_INDEX ? DdlStep.duration(step.expected()) : "-"));
                }
            };
            long[] newTook = new long[1];
            LiveWriter.Waits live = measure(url, "new_way", 3, () -> {
                long t = System.nanoTime();
                jobs.apply(spec, true, "bench", timer);
                newTook[0] = System.nanoTime() - t;
            });
            System.out.printf(Locale.US, "new way, step by step (%5.1f s):     %s%n", newTook[0] / 1e9, live);
            System.out.printf(Locale.US, "longest insert wait: old %.0f ms, new %.0f ms (%.0fx shorter); the issue's target: under 500 ms%n",
                    old.maxMillis(), live.maxMillis(), old.maxMillis() / Math.max(0.001, live.maxMillis()));
            System.out.printf(Locale.US, "%nnew way's steps (estimate before running: about %s in all; %s):%n",
                    DdlStep.duration(plan.expectedDuration()), plan.steps().stream().filter(s -> s.kind() == DdlStep.Kind.CREATE_INDEX)
                            .findFirst().map(DdlStep::basis).orElse(""));
            timings.forEach(System.out::println);
            System.out.printf(Locale.US, "  %-55s took %6s (no DDL lock: reading the table's shape, the UPDATE ending rows with tries used up)%n",
                    "checking, then storing the job", DdlStep.duration(Duration.ofNanos(newTook[0] - stepsTook[0])));
        }
    }

    /** The statements job apply ran before: one transaction, the indexes built with a plain CREATE INDEX. */
    private static long oldWay(Database db) throws Exception {
        long t = System.nanoTime();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL lock_timeout = '10s'");
            for (String column : List.of("pampa_reservation_id varchar(100)", "pampa_reservation_time timestamptz", "pampa_reservation_times int",
                    "pampa_start_time timestamptz", "pampa_end_time timestamptz", "pampa_success boolean", "pampa_error_description text")) {
                s.execute("ALTER TABLE old_way ADD COLUMN IF NOT EXISTS " + column);
            }
            s.execute("CREATE INDEX IF NOT EXISTS old_way_pampa_pending ON old_way (id) WHERE pampa_reservation_id IS NULL AND pampa_end_time IS NULL");
            s.execute("CREATE INDEX IF NOT EXISTS old_way_pampa_reserved ON old_way (pampa_reservation_id) WHERE pampa_reservation_id IS NOT NULL AND pampa_end_time IS NULL");
            s.execute("CREATE TRIGGER old_way_pampa_new_tasks AFTER INSERT ON old_way FOR EACH STATEMENT EXECUTE FUNCTION pampa.notify_new_tasks('old')");
            c.commit();
        }
        return System.nanoTime() - t;
    }

    interface Work {
        void run() throws Exception;
    }

    private static LiveWriter.Waits measure(DbUrl url, String table, int run, Work work) throws Exception {
        try (LiveWriter app = new LiveWriter(url, "INSERT INTO " + table + " (id, amount, note) VALUES (?, 1, 'live')",
                1_000_000_000L * run, INSERT_EVERY_MS)) {
            Thread.sleep(500);
            app.reset();
            work.run();
            // the inserts held off by the DDL finish after it: time them too
            Thread.sleep(200);
            return app.stop();
        }
    }

    private static String show(Statement s, String setting) throws Exception {
        try (var r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
