package dev.pampa.jobs;

import java.util.List;

/**
 * A job once stored.
 *
 * @param check          what was checked before storing it (the notes on missing indexes come from it)
 * @param created        true when no job of that name was stored before
 * @param endedExhausted pending rows ended because their tries were already used up under its max_try_times
 * @param ddlRun         the statements run on the task table before the job was stored
 */
public record JobApplied(JobCheck check, boolean created, int endedExhausted, List<String> ddlRun) {
    public JobApplied {
        ddlRun = List.copyOf(ddlRun);
    }
}
