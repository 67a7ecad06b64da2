package dev.pampa.report;

/**
 * How far a job is: its tasks by state (docs/design.md §4). {@code retrying} counts the pending tasks
 * that failed before and wait for another try; they are part of {@code pending}. {@code cancelled}
 * counts the tasks the operator cancelled, which ended without running and are not dead.
 */
public record JobProgress(long pending, long queued, long running, long done, long dead, long retrying, long cancelled) {

    /** Counts of a job with no cancelled task. */
    public JobProgress(long pending, long queued, long running, long done, long dead, long retrying) {
        this(pending, queued, running, done, dead, retrying, 0);
    }

    public long total() {
        return pending + queued + running + done + dead + cancelled;
    }

    /** Done, dead or cancelled: nothing more will happen to them. */
    public long finished() {
        return done + dead + cancelled;
    }

    /** Pending, queued or running: work left. */
    public long unfinished() {
        return pending + queued + running;
    }

    public boolean complete() {
        return unfinished() == 0;
    }

    /** The same counts with this many cancelled. */
    public JobProgress withCancelled(long n) {
        return new JobProgress(pending, queued, running, done, dead, retrying, n);
    }
}
