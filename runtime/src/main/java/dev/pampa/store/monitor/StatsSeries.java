package dev.pampa.store.monitor;

import dev.pampa.report.RatePoint;
import dev.pampa.report.StatsPoint;
import dev.pampa.store.DbClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;

import static dev.pampa.store.schema.Tables.JOB_STATS;
import static dev.pampa.store.schema.Tables.JOB_STATS_HOUR;
import static dev.pampa.store.schema.Tables.JOB_STATS_MINUTE;

/**
 * A job's counts over time, from the dispatcher's snapshots in {@code pampa.job_stats} (the last day,
 * every 5 s) and its downsampled history ({@code job_stats_minute}, {@code job_stats_hour}), thinned out in
 * the database so that a window of any length gives at most {@code maxPoints} points: the window is
 * cut into equal buckets ({@code date_bin}, {@code generate_series}) and each bucket is represented by
 * its latest snapshot, found by one index lookup per bucket, which keeps the cumulative counters exact
 * and the levels a true sample. Windows end at the database's {@code now()}.
 */
public final class StatsSeries {
    public static final int DEFAULT_MAX_POINTS = 500;
    /** Buckets are aligned on this fixed origin, so that a chart refreshed every few seconds keeps its points. */
    private static final OffsetDateTime BUCKET_ORIGIN = OffsetDateTime.parse("2000-01-01T00:00:00Z");

    private final DSLContext dsl;

    public StatsSeries(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The snapshots of the last {@code window}, oldest first, at most {@code maxPoints} (at least 2) of them. */
    public List<StatsPoint> points(String job, Duration window, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be at least 2");
        }
        long windowSeconds = Math.max(1, window.toSeconds());
        // a window spans at most (window / bucket) + 1 buckets of that width
        long bucketSeconds = Math.max(1, (windowSeconds + maxPoints - 2) / (maxPoints - 1));
        Field<OffsetDateTime> from = DbClock.secondsAgo(windowSeconds);
        // the width inline, a constant the planner sees (few distinct values: one per window the cockpit
        // offers); bound, the series took about a tenth longer here
        Field<DayToSecond> width = DSL.inline(DayToSecond.valueOf(Duration.ofSeconds(bucketSeconds)));
        // jOOQ has neither date_bin (PostgreSQL 14+) nor a series of timestamps (its generateSeries is for
        // integers): both are called by name with typed arguments. The series stands in a select list so
        // that PostgreSQL keeps its subquery (it never flattens a set-returning select list) and each
        // bucket's start is a value, not date_bin again in every bucket's index lookup.
        Field<OffsetDateTime> firstBucket = DSL.function("date_bin", SQLDataType.TIMESTAMPWITHTIMEZONE, width, from, DSL.inline(BUCKET_ORIGIN));
        Table<?> buckets = DSL.select(DSL.function("generate_series", SQLDataType.TIMESTAMPWITHTIMEZONE, firstBucket, DbClock.now(), width)
                .as("bucket_start")).asTable("b");
        Field<OffsetDateTime> bucketStart = buckets.field("bucket_start", OffsetDateTime.class);
        // each bucket's latest snapshot by one backward step on the (job, at) key of each resolution: the
        // cost follows the points asked for, not the length of the history. The three tables hold
        // disjoint ages (full for a day, per minute, per hour), so a long window reads the downsampled rows.
        Table<?> history = history();
        Field<String> hJob = history.field(JOB_STATS.JOB.getName(), String.class);
        Field<OffsetDateTime> hAt = history.field(JOB_STATS.AT.getName(), OffsetDateTime.class);
        Table<?> latestInBucket = DSL.lateral(DSL.select(columns().stream().map(f -> history.field(f.getName())).toList()).from(history)
                .where(hJob.eq(job).and(hAt.ge(bucketStart)).and(hAt.ge(from))
                        .and(hAt.lt(bucketStart.plus(width))))
                .orderBy(hAt.desc())
                .limit(1)).as("s");
        return dsl.select(columns().stream().map(f -> latestInBucket.field(f.getName())).toList())
                .from(buckets)
                .crossJoin(latestInBucket)
                .orderBy(bucketStart)
                .fetch(r -> new StatsPoint(r.get(0, OffsetDateTime.class), r.get(1, Long.class), r.get(2, Long.class),
                        r.get(3, Long.class), r.get(4, Long.class), r.get(5, Long.class), r.get(6, Long.class), r.get(7, Long.class),
                        r.get(8, Long.class)));
    }

    /** Every resolution of the history as one table: job_stats, job_stats_minute, job_stats_hour. */
    private static Table<?> history() {
        return DSL.select(JOB_STATS.JOB, JOB_STATS.AT, JOB_STATS.PENDING, JOB_STATS.QUEUED, JOB_STATS.RUNNING, JOB_STATS.DONE,
                        JOB_STATS.DEAD, JOB_STATS.RETRYING, JOB_STATS.FAILED, JOB_STATS.CANCELLED).from(JOB_STATS)
                .unionAll(DSL.select(JOB_STATS_MINUTE.JOB, JOB_STATS_MINUTE.AT, JOB_STATS_MINUTE.PENDING, JOB_STATS_MINUTE.QUEUED,
                        JOB_STATS_MINUTE.RUNNING, JOB_STATS_MINUTE.DONE, JOB_STATS_MINUTE.DEAD, JOB_STATS_MINUTE.RETRYING,
                        JOB_STATS_MINUTE.FAILED, JOB_STATS_MINUTE.CANCELLED).from(JOB_STATS_MINUTE))
                .unionAll(DSL.select(JOB_STATS_HOUR.JOB, JOB_STATS_HOUR.AT, JOB_STATS_HOUR.PENDING, JOB_STATS_HOUR.QUEUED,
                        JOB_STATS_HOUR.RUNNING, JOB_STATS_HOUR.DONE, JOB_STATS_HOUR.DEAD, JOB_STATS_HOUR.RETRYING,
                        JOB_STATS_HOUR.FAILED, JOB_STATS_HOUR.CANCELLED).from(JOB_STATS_HOUR))
                .asTable("h");
    }

    /** Every snapshot of the last {@code window}, oldest first, not thinned out (for short windows). */
    public List<StatsPoint> recent(String job, Duration window) {
        return dsl.select(columns()).from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job).and(JOB_STATS.AT.ge(DbClock.secondsAgo(Math.max(1, window.toSeconds())))))
                .orderBy(JOB_STATS.AT.asc())
                .fetch(StatsSeries::point);
    }

    /** The latest snapshot and its age on the database's clock, in seconds. */
    public Optional<Latest> latest(String job) {
        return dsl.select(JOB_STATS.AT, JOB_STATS.PENDING, JOB_STATS.QUEUED, JOB_STATS.RUNNING, JOB_STATS.DONE,
                        JOB_STATS.DEAD, JOB_STATS.RETRYING, JOB_STATS.FAILED, DbClock.secondsSince(JOB_STATS.AT), JOB_STATS.CANCELLED)
                .from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job))
                .orderBy(JOB_STATS.AT.desc())
                .limit(1)
                .fetchOptional(r -> new Latest(new StatsPoint(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value10()), r.value9(), r.value10()));
    }

    /** A snapshot and how old it is, in seconds of the database's clock. */
    public record Latest(StatsPoint point, double ageSeconds, long cancelled) {
        /** The snapshot's counts, the cancelled tasks included. */
        public dev.pampa.report.JobProgress progress() {
            return point.progress().withCancelled(cancelled);
        }
    }

    /**
     * Done and failed per minute between consecutive points (one fewer than the points). A counter that
     * went down (tasks retried or relaunched) gives 0 for that step, not a negative rate.
     */
    public static List<RatePoint> perMinute(List<StatsPoint> points) {
        List<RatePoint> out = new ArrayList<>(Math.max(0, points.size() - 1));
        for (int i = 1; i < points.size(); i++) {
            StatsPoint a = points.get(i - 1);
            StatsPoint b = points.get(i);
            double minutes = Duration.between(a.at(), b.at()).toNanos() / 60e9;
            if (minutes <= 0) {
                continue;
            }
            out.add(new RatePoint(b.at(), Math.max(0, b.done() - a.done()) / minutes, Math.max(0, b.failed() - a.failed()) / minutes));
        }
        return out;
    }

    private static List<Field<?>> columns() {
        return List.of(JOB_STATS.AT, JOB_STATS.PENDING, JOB_STATS.QUEUED, JOB_STATS.RUNNING, JOB_STATS.DONE,
                JOB_STATS.DEAD, JOB_STATS.RETRYING, JOB_STATS.FAILED, JOB_STATS.CANCELLED);
    }

    private static StatsPoint point(org.jooq.Record r) {
        return new StatsPoint(r.get(JOB_STATS.AT), r.get(JOB_STATS.PENDING), r.get(JOB_STATS.QUEUED), r.get(JOB_STATS.RUNNING),
                r.get(JOB_STATS.DONE), r.get(JOB_STATS.DEAD), r.get(JOB_STATS.RETRYING), r.get(JOB_STATS.FAILED), r.get(JOB_STATS.CANCELLED));
    }
}
