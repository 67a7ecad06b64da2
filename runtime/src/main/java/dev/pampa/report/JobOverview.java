package dev.pampa.report;

import dev.pampa.model.JobSpec;

/**
 * One line of the jobs list: the stored job, whether it is paused, and its tasks by state. A job
 * whose table cannot be counted (dropped, renamed, columns removed) keeps its line with the problem
 * instead of hiding the other jobs.
 *
 * @param progress the counts, null when {@code problem} says why they could not be read
 * @param live     true when counted from the task table now, false when from the dispatcher's fresh snapshot
 * @param nextFiringAt when the job's schedule fires next; null without a schedule or before a dispatcher computed it
 */
public record JobOverview(JobSpec spec, boolean paused, JobProgress progress, boolean live, String problem,
                          java.time.OffsetDateTime nextFiringAt) {

    public JobOverview(JobSpec spec, boolean paused, JobProgress progress, boolean live, String problem) {
        this(spec, paused, progress, live, problem, null);
    }

    /** The next firing in the operator's time zone to the second, "not yet computed" before a dispatcher ran; empty without a schedule. */
    public String nextFiringText(java.time.ZoneId zone) {
        if (spec.schedule() == null) {
            return "";
        }
        return nextFiringAt == null ? "not yet computed"
                : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(nextFiringAt.atZoneSameInstant(zone));
    }

    public String name() {
        return spec.name();
    }
}
