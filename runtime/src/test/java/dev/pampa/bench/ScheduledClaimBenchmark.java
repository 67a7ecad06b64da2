package dev.pampa.bench;

import dev.pampa.api.SelectingFunction;
import dev.pampa.jobs.JobOperations;
import dev.pampa.model.JobSpec;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * The claim of a job with field_scheduled_time on a large table where most rows are scheduled later
 * (issue 10), printed: the plan of the claim's row pick (EXPLAIN ANALYZE) and claims per second, on the
 * due-ordered pending index that {@code job apply --create-columns} makes, beside the same claim on the
 * key-ordered pending index of an unscheduled job (the baseline, same table, same process).
 *
 * <p>Arguments: {@code --rows=N} (default 1000000), {@code --due-percent=P} (default 1): the due rows are the
 * highest keys, so a scan in key order would read every row scheduled later first; {@code --column-type=timestamp}
 * (default timestamptz) for a column without zone.
 */
public final class ScheduledClaimBenchmark {
    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int duePercent = 1;
        String type = "timestamptz";
        for (String a : args) {
            if (a.startsWith("--column-type=")) {
                type = a.substring(14);
            }
            if (a.startsWith("--rows=")) {
                rows = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--due-percent=")) {
                duePercent = Integer.parseInt(a.substring(14));
            }
        }
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "bench")) {
            db.migrate();
            TaskTables.create(db, "items", 0);
            TaskTables.execute(db, "ALTER TABLE items ADD COLUMN run_at " + (type.equals("timestamp") ? "TIMESTAMP" : "TIMESTAMPTZ"));
            int due = rows / 100 * duePercent;
            TaskTables.execute(db, "INSERT INTO items (id, run_at) SELECT g, CASE WHEN g > " + (rows - due)
                    + " THEN now() - interval '1 minute' ELSE now() + interval '1 day' END" + (type.equals("timestamp") ? " AT TIME ZONE 'UTC'" : "") + " FROM generate_series(1, " + rows + ") g");
            JobSpec scheduled = JobYaml.parse("name: sched\ntable: items\nprocessor: dev.pampa.testing.NoopProcessor\nfield_scheduled_time: run_at\n", "bench");
            String ddl = String.join("\n", new JobOperations(db, java.nio.file.Path.of("target")).prepareTable(scheduled));
            TaskTables.execute(db, "VACUUM ANALYZE items");
            System.out.printf(Locale.ROOT, "%,d rows, %,d due (the highest keys), %,d scheduled a day later; run_at is %s%n", rows, due, rows - due, type);
            System.out.println("DDL of job apply --create-columns:\n" + ddl);

            // the baseline: the unscheduled job's claim order (key) with the same due condition, on the key-ordered index
            TaskTable withDueIndex = new TaskTable(scheduled);
            System.out.println("\nclaim pick, due-ordered index (" + "items_pampa_due" + "):");
            explain(db, pick(db.dsl(), withDueIndex, false));
            System.out.println("\nbaseline, key order on the key-ordered pending index:");
            explain(db, pick(db.dsl(), withDueIndex, true));

            double fast = claimsPerSecond(db, withDueIndex, false, 2_000);
            double slow = claimsPerSecond(db, withDueIndex, true, 20);
            System.out.printf(Locale.ROOT, "%nclaims of 5 rows (claimed and given back in a rolled-back transaction):%n"
                    + "  due-ordered index: %,.0f claims/s%n  key order (baseline): %,.1f claims/s%n  ratio: %,.0fx%n", fast, slow, fast / slow);
        }
        System.exit(0);
    }

    private static String pick(DSLContext dsl, TaskTable t, boolean keyOrder) {
        return dsl.select(t.primaryKey()).from(t.table()).where(t.pending())
                .orderBy(keyOrder ? java.util.List.of(t.primaryKey().asc()) : t.claimOrder(SelectingFunction.DEFAULT))
                .limit(5).forUpdate().skipLocked().getSQL(ParamType.INLINED);
    }

    private static void explain(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
            System.out.println("  " + sql);
            while (rs.next()) {
                System.out.println("    " + rs.getString(1));
            }
        }
    }

    private static double claimsPerSecond(Database db, TaskTable t, boolean keyOrder, int n) {
        SelectingFunction byKey = new SelectingFunction() { };
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try {
                db.dsl().transaction(cfg -> {
                    int got = t.claim(DSL.using(cfg), "bench.1", 5, keyOrder ? byKey : SelectingFunction.DEFAULT);
                    if (got != 5) {
                        throw new IllegalStateException("claimed " + got);
                    }
                    throw new Rollback();
                });
            } catch (Rollback expected) {
                // every claim leaves the table as it was
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static final class Rollback extends RuntimeException {
    }
}
