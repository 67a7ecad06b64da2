package dev.pampa.monitor;

import dev.pampa.store.TaskTable;
import org.jooq.DSLContext;

/**
 * How far a job is: its tasks by state (docs/design.md §4). {@code retrying} counts the pending tasks
 * that failed before and wait for another try; they are part of {@code pending}.
 */
public record JobProgress(long pending, long queued, long running, long done, long dead, long retrying) {

    /** One scan of the job's task table. */
    public static JobProgress read(DSLContext dsl, TaskTable table) {
        long[] s = table.countStates(dsl);
        return new JobProgress(s[0], s[1], s[2], s[3], s[4], s[5]);
    }

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
