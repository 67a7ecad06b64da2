package dev.pampa.report;

/**
 * How far a job is: its tasks by state (docs/design.md §4). {@code retrying} counts the pending tasks
 * that failed before and wait for another try; they are part of {@code pending}.
 */
public record JobProgress(long pending, long queued, long running, long done, long dead, long retrying) {

    public long total() {
        return pending + queued + running + done + dead;
    }

    /** Done or dead: nothing more will happen to them. */
    public long finished() {
        return done + dead;
    }

    /** Pending, queued or running: work left. */
    public long unfinished() {
        return pending + queued + running;
    }

    public boolean complete() {
        return unfinished() == 0;
    }
}
