package dev.pampa.store;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.JOB_STATS;

/** Per-job state counts over time, written by the dispatcher, read by status and the cockpit's charts. */
public final class StatsHistory {
    private final DSLContext dsl;

    public StatsHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Counts in the order of {@link TaskTable#countStates}: pending, queued, running, done, dead, retrying, failed tries, cancelled. */
    public void record(String job, long[] c) {
        dsl.insertInto(JOB_STATS)
                .set(JOB_STATS.JOB, job).set(JOB_STATS.AT, DSL.currentOffsetDateTime())
                .set(JOB_STATS.PENDING, c[0]).set(JOB_STATS.QUEUED, c[1]).set(JOB_STATS.RUNNING, c[2])
                .set(JOB_STATS.DONE, c[3]).set(JOB_STATS.DEAD, c[4]).set(JOB_STATS.RETRYING, c[5])
                .set(JOB_STATS.FAILED, c.length > 6 ? c[6] : 0L)
                .set(JOB_STATS.CANCELLED, c.length > 7 ? c[7] : 0L)
                .onConflictDoNothing()
                .execute();
    }
}
