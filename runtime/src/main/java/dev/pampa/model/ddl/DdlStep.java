package dev.pampa.model.ddl;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One step of preparing a task table, with the lock it takes: what {@code job apply --dry-run} and the
 * cockpit's DDL offer show before anything runs, and what runs.
 *
 * @param kind     what the step does, which decides how it runs (see {@link Kind})
 * @param target   the index or trigger it makes, or the table for the columns
 * @param sql      its statements, as they run
 * @param expected how long the step is expected to hold its lock: a few milliseconds for catalog
 *                 changes, the estimated build time for an index
 * @param basis    what the estimate comes from ("3,000,000 rows, 130 MB"), empty when it is no estimate
 */
public record DdlStep(Kind kind, String target, List<String> sql, Duration expected, String basis) {
    /** A catalog change: milliseconds once the lock is granted. */
    public static final Duration CATALOG_ONLY = Duration.ofMillis(10);

    public DdlStep {
        sql = List.copyOf(sql);
    }

    public enum Kind {
        /**
         * ALTER TABLE … ADD COLUMN, nullable without a default: ACCESS EXCLUSIVE, held for a catalog
         * change only; in one transaction with a short lock_timeout, retried.
         */
        ADD_COLUMNS("ACCESS EXCLUSIVE", true),
        /** DROP INDEX CONCURRENTLY of an index an interrupted build left invalid: SHARE UPDATE EXCLUSIVE. */
        DROP_INVALID_INDEX("SHARE UPDATE EXCLUSIVE", false),
        /** CREATE INDEX CONCURRENTLY, outside any transaction: SHARE UPDATE EXCLUSIVE for the whole build. */
        CREATE_INDEX("SHARE UPDATE EXCLUSIVE", false),
        /** CREATE TRIGGER: SHARE ROW EXCLUSIVE, held for a catalog change; short lock_timeout, retried. */
        CREATE_TRIGGER("SHARE ROW EXCLUSIVE", true);

        private final String lock;
        private final boolean blocksWriters;

        Kind(String lock, boolean blocksWriters) {
            this.lock = lock;
            this.blocksWriters = blocksWriters;
        }

        /** The table lock the step takes, as PostgreSQL names it. */
        public String lock() {
            return lock;
        }

        /** True when INSERT/UPDATE/DELETE on the table wait while the step holds or waits for its lock. */
        public boolean blocksWriters() {
            return blocksWriters;
        }

        /** Runs under a short lock_timeout with retries ({@link LockRetry}). */
        public boolean retried() {
            return blocksWriters;
        }
    }

    /** What the step does, in a few words: "add 6 tracking columns", "build index numbers_pampa_pending". */
    public String title() {
        return switch (kind) {
            case ADD_COLUMNS -> "add " + sql.size() + " tracking column" + (sql.size() == 1 ? "" : "s") + " to " + target;
            case DROP_INVALID_INDEX -> "drop the invalid index " + target + " (left by an interrupted build)";
            case CREATE_INDEX -> "build index " + target + " concurrently";
            case CREATE_TRIGGER -> "create the wake-up trigger " + target;
        };
    }

    /**
     * Which lock the step takes, for how long, and what the application's writers see meanwhile:
     * the line {@code --dry-run} and the cockpit's DDL offer print under the step.
     */
    public String lockNote(LockRetry retry) {
        if (kind.retried()) {
            return kind.lock() + " lock, held a few milliseconds (a catalog change); waits at most "
                    + LockRetry.text(retry.lockTimeout()) + " for it, " + retry.attempts() + " tries with growing pauses:"
                    + " writers wait behind it at most " + LockRetry.text(retry.lockTimeout()) + " a try";
        }
        if (kind == Kind.DROP_INVALID_INDEX) {
            return kind.lock() + " lock, a few milliseconds after the transactions open on the table end: writers go on";
        }
        return kind.lock() + " lock for about " + duration(expected) + " (estimated from the table's size"
                + (basis.isEmpty() ? "" : ", " + basis) + "):"
                + " writers and readers go on; it first waits for transactions already open on the table";
    }

    /** {@code 850 ms}, {@code 12 s}, {@code 3 min 20 s}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return ms < 10_000 ? String.format(Locale.US, "%.1f s", ms / 1000.0) : s + " s";
        }
        return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
}
