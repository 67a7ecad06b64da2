package dev.pampa.store;

import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record7;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * One reading of pg_stat_progress_create_index for the backend that builds an index, with how far the
 * whole concurrent build is. A concurrent build goes: wait for writers, scan the table, sort, load the
 * B-tree, wait for writers, scan the index, sort, scan the table again, wait for old snapshots. The two
 * table scans are most of the time; the shares below weigh each phase so.
 */
public record IndexBuildProgress(String phase, long blocksTotal, long blocksDone, long tuplesTotal, long tuplesDone,
                                 long lockersTotal, long lockersDone) {

    private static final Field<String> PHASE = DSL.field(DSL.name("phase"), SQLDataType.VARCHAR);
    private static final Field<Long> BLOCKS_TOTAL = DSL.field(DSL.name("blocks_total"), SQLDataType.BIGINT);
    private static final Field<Long> BLOCKS_DONE = DSL.field(DSL.name("blocks_done"), SQLDataType.BIGINT);
    private static final Field<Long> TUPLES_TOTAL = DSL.field(DSL.name("tuples_total"), SQLDataType.BIGINT);
    private static final Field<Long> TUPLES_DONE = DSL.field(DSL.name("tuples_done"), SQLDataType.BIGINT);
    private static final Field<Long> LOCKERS_TOTAL = DSL.field(DSL.name("lockers_total"), SQLDataType.BIGINT);
    private static final Field<Long> LOCKERS_DONE = DSL.field(DSL.name("lockers_done"), SQLDataType.BIGINT);
    private static final Field<Integer> PID = DSL.field(DSL.name("pid"), SQLDataType.INTEGER);

    /** The build the backend {@code pid} runs now; empty when it runs none. */
    public static Optional<IndexBuildProgress> read(DSLContext dsl, int pid) {
        Record7<String, Long, Long, Long, Long, Long, Long> r = dsl
                .select(PHASE, BLOCKS_TOTAL, BLOCKS_DONE, TUPLES_TOTAL, TUPLES_DONE, LOCKERS_TOTAL, LOCKERS_DONE)
                .from(DSL.table(DSL.name("pg_catalog", "pg_stat_progress_create_index")))
                .where(PID.eq(DSL.val(pid)))
                .fetchOne();
        return r == null ? Optional.empty() : Optional.of(new IndexBuildProgress(r.value1(), n(r.value2()), n(r.value3()),
                n(r.value4()), n(r.value5()), n(r.value6()), n(r.value7())));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    /** How far the whole build is, 0 to 1. */
    public double fraction() {
        return switch (phase) {
            case "initializing" -> 0.0;
            case "waiting for writers before build" -> 0.01;
            case "building index: scanning table" -> between(0.02, 0.42, blocksDone, blocksTotal);
            case "building index: sorting live tuples" -> 0.46;
            case "building index: loading tuples in tree" -> between(0.50, 0.62, tuplesDone, tuplesTotal);
            case "waiting for writers before validation" -> 0.62;
            case "index validation: scanning index" -> between(0.62, 0.70, blocksDone, blocksTotal);
            case "index validation: sorting tuples" -> 0.71;
            case "index validation: scanning table" -> between(0.72, 0.97, blocksDone, blocksTotal);
            case "waiting for old snapshots" -> 0.98;
            default -> phase.startsWith("building index") ? 0.3 : 0.5;
        };
    }

    private static double between(double from, double to, long done, long total) {
        return total <= 0 ? from : from + (to - from) * Math.min(1.0, (double) done / total);
    }

    /** The phase as PostgreSQL names it, with its counter: {@code building index: scanning table (41% of 40,000 blocks)}. */
    public String text() {
        if (blocksTotal > 0 && phase.contains("scanning")) {
            return String.format(Locale.US, "%s (%d%% of %,d blocks)", phase, Math.round(100.0 * blocksDone / blocksTotal), blocksTotal);
        }
        if (tuplesTotal > 0 && phase.contains("loading")) {
            return String.format(Locale.US, "%s (%d%% of %,d rows)", phase, Math.round(100.0 * tuplesDone / tuplesTotal), tuplesTotal);
        }
        if (lockersTotal > 0) {
            return String.format(Locale.US, "%s (%d of %d transactions ended)", phase, lockersDone, lockersTotal);
        }
        return phase;
    }
}
