package dev.pampa.store.monitor;

import dev.pampa.report.JobDashboardView;
import dev.pampa.report.JobProgress;
import dev.pampa.report.StatsPoint;
import dev.pampa.report.Throughput;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Everything the dashboard shows for one job in one call, for a refresh off the FX thread: the
 * current counts, the counts over a window, done and failed per minute over it, and the rate and ETA
 * of the last minute.
 *
 * <p>The current counts come from the dispatcher's latest snapshot when it is at most
 * {@link #FRESH_SNAPSHOT} old (the dispatcher counts every 5 s while it runs), and from a count of the
 * task table otherwise (no dispatcher running): a count scans the whole table (about 120 ms per million
 * rows here), a snapshot is one index lookup, and a cockpit polling every few seconds should not double
 * the dispatcher's scans.
 */
public final class JobDashboard {
    /** A snapshot younger than this stands for the current counts. */
    public static final Duration FRESH_SNAPSHOT = Duration.ofSeconds(15);
    /** The window over which the rate and the ETA are measured. */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    private final DSLContext dsl;
    private final StatsSeries stats;

    public JobDashboard(DSLContext dsl) {
        this.dsl = dsl;
        this.stats = new StatsSeries(dsl);
    }

    /**
     * One job's dashboard over the last {@code window}, with at most {@code maxPoints} points.
     *
     * @throws NoSuchElementException when no job has that name
     */
    public JobDashboardView read(String job, Duration window, int maxPoints) {
        Optional<StatsSeries.Latest> latest = stats.latest(job);
        JobProgress counts;
        long failedTries;
        boolean live;
        double age;
        if (latest.isPresent() && latest.get().ageSeconds() <= FRESH_SNAPSHOT.toSeconds()) {
            counts = latest.get().progress();
            failedTries = latest.get().point().failed();
            live = false;
            age = Math.max(0, latest.get().ageSeconds());
        } else {
            TaskTable table = new TaskTable(new JobStore(dsl).find(job)
                    .orElseThrow(() -> new NoSuchElementException("no job named " + job)).spec());
            long[] c = table.countStates(dsl);
            counts = new JobProgress(c[0], c[1], c[2], c[3], c[4], c[5], c[7]);
            failedTries = c[6];
            live = true;
            age = 0;
        }
        List<StatsPoint> series = stats.points(job, window, maxPoints);
        Throughput rate = new Throughput(RATE_WINDOW);
        for (StatsPoint p : stats.recent(job, RATE_WINDOW)) {
            rate.record(p.at().toInstant(), p.done() + p.dead());
        }
        return new JobDashboardView(job, counts, failedTries, live, age, series, StatsSeries.perMinute(series),
                rate.perSecond(), rate.eta(counts.unfinished()), new dev.pampa.store.JobFigures(dsl).recent(job, window, maxPoints),
                JobSummaries.executing(dsl, job), new JobStore(dsl).databaseNow());
    }

    /** {@link #read(String, Duration, int)} with at most {@link StatsSeries#DEFAULT_MAX_POINTS} points. */
    public JobDashboardView read(String job, Duration window) {
        return read(job, window, StatsSeries.DEFAULT_MAX_POINTS);
    }

    /**
     * How long the job took and its average rate, read from its task table (one scan): for a finished
     * job, whose counts no longer move.
     *
     * @throws NoSuchElementException when no job has that name
     */
    public dev.pampa.report.JobSpan span(String job) {
        return new TaskTable(new JobStore(dsl).find(job)
                .orElseThrow(() -> new NoSuchElementException("no job named " + job)).spec()).span(dsl);
    }
}
