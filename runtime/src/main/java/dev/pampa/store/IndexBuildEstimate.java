package dev.pampa.store;

import java.time.Duration;

/**
 * How long {@code CREATE INDEX CONCURRENTLY} of one of the dispatcher's partial indexes is expected to
 * take, from the table's size. A concurrent build reads the whole table twice (build, then validation)
 * whatever the predicate, and sorts and loads the rows the predicate keeps: all of them, on a table
 * whose tracking columns were just added (every row is pending).
 *
 * <p>The rates are an assumption measured on the project's 2-core test box (BENCHMARKS.md, "Applying a
 * job to a live table"); on a server with faster disks they are pessimistic, under heavy load optimistic.
 */
public final class IndexBuildEstimate {
    /** Heap read by a build's table scans, bytes a second. */
    static final double SCAN_BYTES_PER_SECOND = 280e6;
    /** Rows sorted and loaded into the B-tree, a second. */
    static final double LOADED_ROWS_PER_SECOND = 750e3;
    /** The waits for transactions already on the table, and the catalog work, at the least. */
    static final Duration FLOOR = Duration.ofMillis(100);

    private IndexBuildEstimate() {
    }

    /**
     * @param heapBytes   pg_relation_size of the table
     * @param rowEstimate pg_class.reltuples (negative when never counted: estimated from the size then)
     * @param allRowsKept true when every row goes into the index (the pending index of a table whose
     *                    tracking columns are new); false when none does (the reserved index then)
     */
    public static Duration of(long heapBytes, double rowEstimate, boolean allRowsKept) {
        double rows = rowEstimate >= 0 ? rowEstimate : heapBytes / 100.0;
        double seconds = 2 * heapBytes / SCAN_BYTES_PER_SECOND + (allRowsKept ? rows / LOADED_ROWS_PER_SECOND : 0);
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        return d.compareTo(FLOOR) < 0 ? FLOOR : d;
    }
}
