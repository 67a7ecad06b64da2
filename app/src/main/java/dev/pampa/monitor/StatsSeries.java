package dev.pampa.monitor;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static dev.pampa.store.schema.Tables.JOB_STATS;

/**
 * A job's counts over time, from the dispatcher's snapshots in {@code pampa.job_stats}, thinned out in
 * the database so that a window of any length gives at most {@code maxPoints} points: the window is
 * cut into equal buckets ({@code date_bin}) and each bucket is represented by its latest snapshot,
 * which keeps the cumulative counters exact and the levels a true sample. Windows end at the
 * database's {@code now()}.
 */
public final class StatsSeries {
    public static final int DEFAULT_MAX_POINTS = 500;

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
        Field<OffsetDateTime> bucket = DSL.field("date_bin({0} * interval '1 second', {1}, timestamptz '2000-01-01 00:00:00+00')",
                SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.inline(bucketSeconds), JOB_STATS.AT);
        return dsl.selectDistinct(columns()).on(bucket)
                .from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job).and(JOB_STATS.AT.ge(secondsAgo(windowSeconds))))
                .orderBy(bucket.asc(), JOB_STATS.AT.desc())
                .fetch(StatsSeries::point);
    }

    /** Every snapshot of the last {@code window}, oldest first, not thinned out (for short windows). */
    public List<StatsPoint> recent(String job, Duration window) {
        return dsl.select(columns()).from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job).and(JOB_STATS.AT.ge(secondsAgo(Math.max(1, window.toSeconds())))))
                .orderBy(JOB_STATS.AT.asc())
                .fetch(StatsSeries::point);
    }

    /** The latest snapshot and its age on the database's clock, in seconds. */
    public Optional<Latest> latest(String job) {
        Field<Double> age = DSL.field("extract(epoch from (now() - {0}))", SQLDataType.DOUBLE, JOB_STATS.AT);
        return dsl.select(JOB_STATS.AT, JOB_STATS.PENDING, JOB_STATS.QUEUED, JOB_STATS.RUNNING, JOB_STATS.DONE,
                        JOB_STATS.DEAD, JOB_STATS.RETRYING, JOB_STATS.FAILED, age)
                .from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job))
                .orderBy(JOB_STATS.AT.desc())
                .limit(1)
                .fetchOptional(r -> new Latest(new StatsPoint(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8()), r.value9()));
    }

    /** A snapshot and how old it is, in seconds of the database's clock. */
    public record Latest(StatsPoint point, double ageSeconds) {
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
                JOB_STATS.DEAD, JOB_STATS.RETRYING, JOB_STATS.FAILED);
    }

    private static StatsPoint point(org.jooq.Record r) {
        return new StatsPoint(r.get(JOB_STATS.AT), r.get(JOB_STATS.PENDING), r.get(JOB_STATS.QUEUED), r.get(JOB_STATS.RUNNING),
                r.get(JOB_STATS.DONE), r.get(JOB_STATS.DEAD), r.get(JOB_STATS.RETRYING), r.get(JOB_STATS.FAILED));
    }

    private static Field<OffsetDateTime> secondsAgo(long seconds) {
        return DSL.field("now() - ({0} * interval '1 second')", SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.val(seconds));
    }
}
