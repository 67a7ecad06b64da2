package dev.pampa.report;

import java.time.OffsetDateTime;

/**
 * One snapshot of a job's counts from {@code pampa.job_stats}, taken by the dispatcher every few
 * seconds. {@code done}, {@code dead} and {@code failed} (failed tries so far) only grow while no task
 * is retried or relaunched; the others are levels. {@code retrying} are pending tasks that failed before;
 * {@code cancelled} the tasks the operator cancelled (ended, neither done nor dead).
 */
public record StatsPoint(OffsetDateTime at, long pending, long queued, long running, long done, long dead,
                         long retrying, long failed, long cancelled) {

    /** A snapshot without cancelled tasks. */
    public StatsPoint(OffsetDateTime at, long pending, long queued, long running, long done, long dead, long retrying, long failed) {
        this(at, pending, queued, running, done, dead, retrying, failed, 0);
    }

    public JobProgress progress() {
        return new JobProgress(pending, queued, running, done, dead, retrying).withCancelled(cancelled);
    }
}
