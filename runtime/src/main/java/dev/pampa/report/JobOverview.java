package dev.pampa.report;

import dev.pampa.model.JobSpec;

/**
 * One line of the jobs list: the stored job, whether it is paused, and its tasks by state. A job
 * whose table cannot be counted (dropped, renamed, columns removed) keeps its line with the problem
 * instead of hiding the other jobs.
 *
 * @param progress the counts, null when {@code problem} says why they could not be read
 * @param live     true when counted from the task table now, false when from the dispatcher's fresh snapshot
 */
public record JobOverview(JobSpec spec, boolean paused, JobProgress progress, boolean live, String problem) {

    public String name() {
        return spec.name();
    }
}
