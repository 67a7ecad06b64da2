package dev.pampa.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One job's dashboard at one moment.
 *
 * @param counts             the tasks by state now
 * @param failedTries        failed tries so far (see {@code TaskTable.countStates})
 * @param countedLive        true when the counts were read from the task table, false when from the
 *                           dispatcher's latest snapshot
 * @param countsAgeSeconds   how old the counts are (0 when counted live), on the database's clock
 * @param series             the counts over the window, oldest first, thinned out to the maximum points
 * @param throughput         done and failed per minute between consecutive points of the series
 * @param finishedPerSecond  tasks done or dead per second over the last minute of snapshots; 0 when unknown
 * @param eta                the time to finish what is pending, queued or running at that rate; empty
 *                           while nothing finishes
 * @param figures            the samples of the job's reporting function over the window, oldest first, at
 *                           most the maximum points per figure; empty without a reporting function
 * @param executing          live workers executing a task of the job now: the started tasks beyond them wait in a batch
 * @param at                 the database's time of the reading, where the charts' time axis ends (null when unknown)
 */
public record JobDashboardView(String job, JobProgress counts, long failedTries, boolean countedLive,
                               double countsAgeSeconds, List<StatsPoint> series, List<RatePoint> throughput,
                               double finishedPerSecond, Optional<Duration> eta, List<FigurePoint> figures,
                               long executing, java.time.OffsetDateTime at) {

    public JobDashboardView(String job, JobProgress counts, long failedTries, boolean countedLive,
                            double countsAgeSeconds, List<StatsPoint> series, List<RatePoint> throughput,
                            double finishedPerSecond, Optional<Duration> eta, List<FigurePoint> figures) {
        this(job, counts, failedTries, countedLive, countsAgeSeconds, series, throughput, finishedPerSecond, eta, figures, 0, null);
    }

    public JobDashboardView(String job, JobProgress counts, long failedTries, boolean countedLive,
                            double countsAgeSeconds, List<StatsPoint> series, List<RatePoint> throughput,
                            double finishedPerSecond, Optional<Duration> eta) {
        this(job, counts, failedTries, countedLive, countsAgeSeconds, series, throughput, finishedPerSecond, eta, List.of());
    }

    /** Executing now: never more than the started tasks. */
    public long runningNow() {
        return Math.min(executing, counts.running());
    }

    /** Started tasks no worker executes yet: reserved in a batch. */
    public long waitingInBatch() {
        return Math.max(0, counts.running() - executing);
    }
}
