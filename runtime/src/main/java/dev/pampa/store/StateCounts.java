package dev.pampa.store;

/** How many tasks of a job are in each state (docs/design.md §4); retrying are pending tasks that failed before. */
public record StateCounts(long pending, long queued, long running, long done, long dead, long retrying) {

    /** From {@link TaskTable#countStates}: pending, queued, running, done, dead, retrying. */
    public static StateCounts of(long[] c) {
        return new StateCounts(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    public long total() {
        return pending + queued + running + done + dead;
    }
}
