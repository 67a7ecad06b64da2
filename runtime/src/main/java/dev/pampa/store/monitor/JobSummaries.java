package dev.pampa.store.monitor;

import dev.pampa.report.JobProgress;
import dev.pampa.report.JobSummary;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * The multi-job overview: every job's latest snapshot, its rate over the last minute, the workers
 * executing it now and its recent progress, all jobs in one statement (lateral lookups on the
 * {@code (job, at)} key of {@code pampa.job_stats}, so the cost follows the jobs, not the history).
 * A job without a fresh snapshot (no dispatcher running) is counted from its table, as the jobs
 * list does: that is the only per-job statement, and only while no dispatcher counts.
 */
public final class JobSummaries {
    /** Samples of the sparkline: one every this many seconds over {@link #SPARK_WINDOW}. */
    public static final int SAMPLE_SECONDS = 20;
    public static final Duration SPARK_WINDOW = Duration.ofMinutes(10);

    // fixed text, every value bound: job names reach the database as parameters, never as SQL
    private static final String QUERY = """
            SELECT j.name, j.paused, now() AS db_now,
                   l.at, l.pending, l.queued, l.running, l.done, l.dead, l.retrying,
                   extract(epoch FROM now() - l.at)::float8 AS age,
                   e.at AS early_at, e.done + e.dead AS early_finished,
                   (SELECT count(*) FROM pampa.worker w
                     WHERE w.current_job = j.name AND w.state = 'running'
                       AND w.heartbeat_at > now() - make_interval(secs => ?)) AS executing,
                   sp.finished AS spark
              FROM pampa.job j
              LEFT JOIN LATERAL (SELECT s.at, s.pending, s.queued, s.running, s.done, s.dead, s.retrying
                                   FROM pampa.job_stats s WHERE s.job = j.name ORDER BY s.at DESC LIMIT 1) l ON true
              LEFT JOIN LATERAL (SELECT s.at, s.done, s.dead
                                   FROM pampa.job_stats s WHERE s.job = j.name AND s.at >= now() - make_interval(secs => ?)
                                  ORDER BY s.at ASC LIMIT 1) e ON true
              LEFT JOIN LATERAL (SELECT array_agg(b.finished ORDER BY b.bucket) AS finished
                                   FROM (SELECT DISTINCT ON (1) date_bin(make_interval(secs => ?), s.at, timestamptz '2000-01-01 00:00:00+00') AS bucket,
                                                s.done + s.dead AS finished
                                           FROM pampa.job_stats s
                                          WHERE s.job = j.name AND s.at >= now() - make_interval(secs => ?)
                                          ORDER BY 1, s.at DESC) b) sp ON true
             ORDER BY j.name
            """;

    private final DSLContext dsl;

    public JobSummaries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every stored job, by name. */
    public List<JobSummary> readAll() {
        return readAll(true);
    }

    /**
     * Every stored job, by name; with {@code countStale} false a job without a fresh snapshot gets no
     * counts (null, and a problem saying why) instead of a scan of its table: for a watcher that reads
     * every few seconds whatever is shown, and must not scan every table while no dispatcher runs.
     */
    public List<JobSummary> readAll(boolean countStale) {
        List<JobSummary> out = new ArrayList<>();
        List<Record> rows = dsl.resultQuery(QUERY, WorkerStates.DEFAULT_STALE_SECONDS, JobDashboard.RATE_WINDOW.toSeconds(),
                SAMPLE_SECONDS, SPARK_WINDOW.toSeconds()).fetch();
        List<String> stale = rows.stream().filter(r -> r.get("age") == null
                || r.get("age", Double.class) > JobDashboard.FRESH_SNAPSHOT.toSeconds()).map(r -> r.get("name", String.class)).toList();
        java.util.Map<String, JobStore.StoredJob> specs = new java.util.HashMap<>();
        if (!stale.isEmpty() && countStale) {
            new JobStore(dsl).all().forEach(j -> specs.put(j.name(), j));
        }
        for (Record r : rows) {
            String name = r.get("name", String.class);
            OffsetDateTime now = r.get("db_now", OffsetDateTime.class);
            long executing = r.get("executing", Long.class);
            List<Long> spark = r.get("spark") == null ? List.of() : Arrays.stream((Object[]) r.get("spark")).map(o -> ((Number) o).longValue()).toList();
            double perSecond = rate(r);
            JobProgress counts;
            double age;
            String problem = null;
            if (stale.contains(name) && !countStale) {
                age = 0;
                counts = null;
                problem = "no fresh snapshot: no dispatcher counts this job now";
                perSecond = 0;
            } else if (stale.contains(name)) {
                age = 0;
                JobStore.StoredJob job = specs.get(name);
                try {
                    counts = job == null ? null : new TaskTable(job.spec()).progress(dsl);
                } catch (DataAccessException e) {
                    counts = null;
                    problem = "cannot count the tasks of table " + job.spec().table() + ": "
                            + Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse(e.getMessage()).lines().findFirst().orElse("")
                            + " — open the job to check its table and field map";
                }
                // a rate measured while a dispatcher ran says nothing of now
                perSecond = 0;
            } else {
                age = Math.max(0, r.get("age", Double.class));
                counts = new JobProgress(r.get("pending", Long.class), r.get("queued", Long.class), r.get("running", Long.class),
                        r.get("done", Long.class), r.get("dead", Long.class), r.get("retrying", Long.class));
            }
            Optional<Duration> eta = counts == null ? Optional.empty()
                    : counts.unfinished() == 0 ? Optional.of(Duration.ZERO)
                    : perSecond <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(counts.unfinished() / perSecond * 1000)));
            out.add(new JobSummary(name, Boolean.TRUE.equals(r.get("paused", Boolean.class)), counts, age, executing, perSecond, eta,
                    spark, SAMPLE_SECONDS, problem, now));
        }
        return out;
    }

    /** Live workers executing a task of {@code job} now (a fresh heartbeat naming it). */
    public static long executing(DSLContext dsl, String job) {
        var w = dev.pampa.store.schema.Tables.WORKER;
        return dsl.fetchCount(w, w.CURRENT_JOB.eq(job).and(w.STATE.eq("running"))
                .and(w.HEARTBEAT_AT.gt(dev.pampa.store.DbClock.secondsAgo(WorkerStates.DEFAULT_STALE_SECONDS))));
    }

    /** Finished per second between the earliest snapshot of the last minute and the latest; 0 when they are the same. */
    private static double rate(Record r) {
        OffsetDateTime early = r.get("early_at", OffsetDateTime.class);
        OffsetDateTime late = r.get("at", OffsetDateTime.class);
        if (early == null || late == null) {
            return 0;
        }
        double seconds = Duration.between(early, late).toMillis() / 1000.0;
        long finished = r.get("done", Long.class) + r.get("dead", Long.class) - r.get("early_finished", Long.class);
        return seconds <= 0 ? 0 : Math.max(0, finished) / seconds;
    }
}
