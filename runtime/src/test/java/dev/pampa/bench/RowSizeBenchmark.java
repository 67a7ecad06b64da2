package dev.pampa.bench;

import dev.pampa.api.SelectingFunction;
import dev.pampa.model.FieldMap;
import dev.pampa.store.Database;
import dev.pampa.store.NodeTasks;
import dev.pampa.store.TaskTable;
import dev.pampa.testing.TaskTables;
import dev.pampa.testing.TestPostgres;
import java.util.Arrays;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What measuring rows before fetching them costs the agent's claim (issue 9): the claim of 500 started
 * rows per statement, as it is now (each picked row's {@code pg_column_size}, the refusal CTE, the
 * running sum) against the statement before it (copied here as the baseline), alternating in one
 * process on the same table, each claim rolled back so both always see the same rows.
 *
 * <p>Run: {@code cd runtime && java -cp target/test-classes:target/classes:$(cat target/bench-cp.txt)
 * dev.pampa.bench.RowSizeBenchmark [--rows=200000] [--rounds=200]}.
 */
public final class RowSizeBenchmark {
    private static final int SLOTS = 500;

    public static void main(String[] args) {
        int rows = 200_000;
        int rounds = 200;
        for (String a : args) {
            if (a.startsWith("--rows=")) {
                rows = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            }
        }
        try (Database db = Database.open(TestPostgres.freshDatabase(), 2, "bench")) {
            db.migrate();
            TaskTables.create(db, "items", rows);
            TaskTables.execute(db, "UPDATE items SET parity = repeat('x', 200)");
            TaskTables.execute(db, "VACUUM ANALYZE items");
            var spec = TaskTables.job(db, "bench", "items", "dev.pampa.testing.NoopProcessor");
            NodeTasks tasks = new NodeTasks(new TaskTable(spec));
            String[] workers = new String[SLOTS];
            Boolean[] starts = new Boolean[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                workers[i] = "n01." + (i % 10 + 1);
                starts[i] = true;
            }
            SelectingFunction selecting = SelectingFunction.DEFAULT;
            for (int warm = 0; warm < 20; warm++) {
                time(db, tx -> tasks.claim(tx, workers, starts, selecting, TaskTable.DEFAULT_MAX_ROW_BYTES).size());
                time(db, tx -> baseline(tx, new TaskTable(spec), workers, starts, selecting));
            }
            long[] now = new long[rounds];
            long[] before = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                now[r] = time(db, tx -> tasks.claim(tx, workers, starts, selecting, TaskTable.DEFAULT_MAX_ROW_BYTES).size());
                before[r] = time(db, tx -> baseline(tx, new TaskTable(spec), workers, starts, selecting));
            }
            double p50Now = median(now) / 1e6;
            double p50Before = median(before) / 1e6;
            System.out.printf("claim of %d started rows from %,d pending (200-byte rows), %d rounds alternating:%n", SLOTS, rows, rounds);
            System.out.printf("  before (RETURNING *, no size)      p50 %.2f ms%n", p50Before);
            System.out.printf("  now (pg_column_size, refusal CTE) p50 %.2f ms  ratio %.2f%n", p50Now, p50Now / p50Before);
        }
    }

    private interface Claim {
        int run(DSLContext tx);
    }

    /** Nanoseconds of one claim in a transaction rolled back. */
    private static long time(Database db, Claim claim) {
        long[] took = new long[1];
        try {
            db.dsl().transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                tx.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                long t0 = System.nanoTime();
                int n = claim.run(tx);
                took[0] = System.nanoTime() - t0;
                if (n != SLOTS) {
                    throw new IllegalStateException("claimed " + n);
                }
                throw new RollBack();
            });
        } catch (RollBack expected) {
            // every claim is undone: both statements always see the same pending rows
        }
        return took[0];
    }

    private static final class RollBack extends RuntimeException {
    }

    /** The agent's claim before issue 9, for the ratio. */
    private static int baseline(DSLContext tx, TaskTable table, String[] slotWorkers, Boolean[] slotStarts, SelectingFunction selecting) {
        FieldMap f = table.job().fields();
        var picked = DSL.select(table.primaryKey()).from(table.table())
                .where(table.pending().and(selecting.filter(table)))
                .orderBy(selecting.order(table))
                .limit(slotWorkers.length)
                .forUpdate().skipLocked();
        return tx.resultQuery("WITH pampa_picked AS ({0}), "
                        + "pampa_numbered AS (SELECT {1} AS pampa_k, row_number() OVER () AS pampa_rn FROM pampa_picked), "
                        + "pampa_slots AS (SELECT * FROM unnest({2}, {3}) WITH ORDINALITY AS pampa_s(pampa_worker, pampa_start, pampa_rn)) "
                        + "UPDATE {4} AS pampa_t SET {5} = pampa_slots.pampa_worker, {6} = statement_timestamp(), "
                        + "{7} = CASE WHEN pampa_slots.pampa_start THEN statement_timestamp() END, "
                        + "{8} = CASE WHEN pampa_slots.pampa_start THEN coalesce({9}, 0) + 1 ELSE {9} END "
                        + "FROM pampa_numbered JOIN pampa_slots ON pampa_slots.pampa_rn = pampa_numbered.pampa_rn "
                        + "WHERE {10} = pampa_numbered.pampa_k RETURNING pampa_t.*",
                picked, DSL.field(DSL.name("pampa_picked", f.primaryKey())), DSL.val(slotWorkers), DSL.val(slotStarts),
                table.table(), DSL.field(DSL.name(f.id())), DSL.field(DSL.name(f.time())), DSL.field(DSL.name(f.startTime())),
                DSL.field(DSL.name(f.times())), DSL.field(DSL.name("pampa_t", f.times())),
                DSL.field(DSL.name("pampa_t", f.primaryKey()))).fetch().size();
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
