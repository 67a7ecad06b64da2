package dev.pampa.model.ddl;

import java.util.Locale;

/**
 * One reading of pg_stat_progress_create_index for the backend that builds an index (read by the store), with how far the
 * whole concurrent build is. A concurrent build goes: wait for writers, scan the table, sort, load the
 * B-tree, wait for writers, scan the index, sort, scan the table again, wait for old snapshots. The two
 * table scans are most of the time; the shares below weigh each phase so.
 */
public record IndexBuildProgress(String phase, long blocksTotal, long blocksDone, long tuplesTotal, long tuplesDone,
                                 long lockersTotal, long lockersDone) {

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
