package dev.pampa.report;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One line of the multi-job overview: a job's counts, how many of its tasks workers execute right
 * now, its rate and ETA, and its recent progress for a sparkline.
 *
 * @param counts            the tasks by state; null when {@code problem} says why they could not be read.
 *                          {@code counts.running()} are the tasks started, which includes those waiting in a
 *                          worker's batch: {@link #waitingInBatch()} says how many
 * @param countsAgeSeconds  how old the counts are on the database's clock (0 when counted now)
 * @param executing         live workers executing a task of this job now (one task each at most)
 * @param perSecond         tasks finished (done or dead) per second over the last minute; 0 when unknown
 * @param eta               the time to finish the unfinished tasks at that rate; empty while nothing finishes
 * @param finishedSeries    tasks finished in all, sampled every {@code sampleSeconds} over the recent past, oldest first
 * @param at                the database's time of the reading
 */
public record JobSummary(String job, boolean paused, JobProgress counts, double countsAgeSeconds, long executing,
                         double perSecond, Optional<Duration> eta, List<Long> finishedSeries, int sampleSeconds,
                         String problem, OffsetDateTime at) {

    /** Started tasks no worker executes yet: reserved in a batch, waiting for the worker to reach them. */
    public long waitingInBatch() {
        return counts == null ? 0 : Math.max(0, counts.running() - executing);
    }

    /** Executing now: never more than the started tasks. */
    public long runningNow() {
        return counts == null ? 0 : Math.min(executing, counts.running());
    }

    /** Finished per sample interval, one fewer than the samples; a counter that went down (a relaunch) gives 0. */
    public List<Long> finishedPerSample() {
        java.util.ArrayList<Long> out = new java.util.ArrayList<>();
        for (int i = 1; i < finishedSeries.size(); i++) {
            out.add(Math.max(0, finishedSeries.get(i) - finishedSeries.get(i - 1)));
        }
        return out;
    }
}
