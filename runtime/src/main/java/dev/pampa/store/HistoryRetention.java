package dev.pampa.store;

import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.AGENT;
import static dev.pampa.store.schema.Tables.EVENT;
import static dev.pampa.store.schema.Tables.NODE_PROBE;
import static dev.pampa.store.schema.Tables.WORKER;
import static dev.pampa.store.schema.Tables.WORKER_JOB_PROBLEM;

/**
 * The shape of Pampa's history over months: stats snapshots downsampled as they age, old events,
 * long-stopped workers and agents and old node probes removed. Each call is one short statement (or
 * transaction) over a bounded batch, on tables and rows the workers and agents do not lock: stats
 * are written by the dispatcher alone, events only inserted by the others, and a stopped or dead
 * worker's row is touched by nobody until a process of that name registers again. Ages are on the
 * database's clock.
 */
public final class HistoryRetention {
    /** A worker, agent or probe removed, and what it last was: kept in the event history. */
    public record Pruned(String name, String node, String state) {
    }

    private final DSLContext dsl;

    public HistoryRetention(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Moves the oldest batch of full-resolution snapshots older than {@code keepFull} (at most
     * {@code spanMinutes} minutes of them, whole minutes) into {@code job_stats_minute}, one per job
     * and minute: the minute's latest. Returns the snapshots removed from {@code job_stats}, 0 when
     * nothing is due.
     */
    public int downsampleToMinutes(Duration keepFull, int spanMinutes) {
        return downsample("job_stats", "job_stats_minute", "minute", keepFull, spanMinutes + " minutes");
    }

    /** The same from per-minute snapshots older than {@code keepMinutes} into {@code job_stats_hour}, at most {@code spanHours} hours at once. */
    public int downsampleToHours(Duration keepMinutes, int spanHours) {
        return downsample("job_stats_minute", "job_stats_hour", "hour", keepMinutes, spanHours + " hours");
    }

    // Plain SQL: a DELETE … RETURNING feeding an INSERT in one statement (a data-modifying WITH), which
    // jOOQ does not render; the table names are our own constants, the values bound. The batch is
    // aligned on whole buckets, so a bucket is never split between two batches.
    private int downsample(String from, String to, String unit, Duration keep, String span) {
        String sql = """
                WITH bounds AS (
                  SELECT date_trunc('%3$s', min(at)) AS lo,
                         least(date_trunc('%3$s', min(at)) + CAST(? AS interval), date_trunc('%3$s', now() - CAST(? AS interval))) AS hi
                  FROM pampa.%1$s WHERE at < date_trunc('%3$s', now() - CAST(? AS interval))
                ), moved AS (
                  DELETE FROM pampa.%1$s s USING bounds b WHERE s.at >= b.lo AND s.at < b.hi RETURNING s.*
                ), kept AS (
                  INSERT INTO pampa.%2$s (job, at, pending, queued, running, done, dead, retrying, failed, cancelled)
                  SELECT DISTINCT ON (job, date_trunc('%3$s', at)) job, at, pending, queued, running, done, dead, retrying, failed, cancelled
                  FROM moved ORDER BY job, date_trunc('%3$s', at), at DESC
                  ON CONFLICT DO NOTHING
                )
                SELECT count(*) FROM moved
                """.formatted(from, to, unit);
        String age = keep.toSeconds() + " seconds";
        Object n = dsl.fetchValue(sql, span, age, age);
        return ((Number) n).intValue();
    }

    /** Deletes at most {@code batch} of the oldest events older than {@code keep}; returns how many. */
    public int pruneEvents(Duration keep, int batch) {
        return dsl.deleteFrom(EVENT)
                .where(EVENT.ID.in(DSL.select(EVENT.ID).from(EVENT).where(EVENT.AT.lt(DbClock.secondsAgo(keep.toSeconds())))
                        .orderBy(EVENT.AT).limit(batch)))
                .execute();
    }

    /**
     * Removes workers stopped or dead for longer than {@code keep} (their stop, or else their last
     * heartbeat), with the job problems they reported, and records each in the event history.
     */
    public List<Pruned> pruneWorkers(Duration keep, int batch) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            var old = DSL.coalesce(WORKER.STOPPED_AT, WORKER.HEARTBEAT_AT).lt(DbClock.secondsAgo(keep.toSeconds()));
            List<Pruned> gone = tx.deleteFrom(WORKER)
                    .where(WORKER.NAME.in(DSL.select(WORKER.NAME).from(WORKER)
                            .where(WORKER.STATE.in(WorkerRegistry.STOPPED, WorkerRegistry.DEAD)).and(old)
                            .orderBy(WORKER.NAME).limit(batch)))
                    .returningResult(WORKER.NAME, WORKER.NODE, WORKER.STATE)
                    .fetch(r -> new Pruned(r.value1(), r.value2(), r.value3()));
            if (!gone.isEmpty()) {
                tx.deleteFrom(WORKER_JOB_PROBLEM).where(WORKER_JOB_PROBLEM.WORKER.in(gone.stream().map(Pruned::name).toList())).execute();
                EventLog events = new EventLog(tx);
                for (Pruned p : gone) {
                    events.record(EventLog.WORKER_PRUNED, null, p.name(), null,
                            "worker " + p.name() + " of node " + p.node() + " " + p.state() + " for over " + describe(keep) + ": no longer listed");
                }
            }
            return gone;
        });
    }

    /** Removes agents stopped or dead for longer than {@code keep}, recording each in the event history. */
    public List<Pruned> pruneAgents(Duration keep) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<Pruned> gone = tx.deleteFrom(AGENT)
                    .where(AGENT.STATE.in(WorkerRegistry.STOPPED, WorkerRegistry.DEAD))
                    .and(DSL.coalesce(AGENT.STOPPED_AT, AGENT.HEARTBEAT_AT).lt(DbClock.secondsAgo(keep.toSeconds())))
                    .returningResult(AGENT.NODE, AGENT.STATE)
                    .fetch(r -> new Pruned(r.value1(), r.value1(), r.value2()));
            EventLog events = new EventLog(tx);
            for (Pruned p : gone) {
                events.record(EventLog.AGENT_PRUNED, null, null, null, "agent of " + p.node() + " " + p.state() + " for over " + describe(keep)
                        + ": no longer listed");
            }
            return gone;
        });
    }

    /** Removes node probes older than {@code keep}: facts that old mislead more than they tell. Recorded in the event history. */
    public List<Pruned> pruneProbes(Duration keep) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<Pruned> gone = tx.deleteFrom(NODE_PROBE)
                    .where(NODE_PROBE.PROBED_AT.lt(DbClock.secondsAgo(keep.toSeconds())))
                    .returningResult(NODE_PROBE.NODE, NODE_PROBE.PROBED_AT)
                    .fetch(r -> new Pruned(r.value1(), r.value1(), "probed " + r.value2()));
            EventLog events = new EventLog(tx);
            for (Pruned p : gone) {
                events.record(EventLog.PROBE_PRUNED, null, null, null, "probe of node " + p.node() + " (" + p.state() + ") older than "
                        + describe(keep) + ": no longer listed; probe the node again to see its facts");
            }
            return gone;
        });
    }

    /** An age as the retention settings are written: {@code 7 d}, {@code 24 h}, {@code 15 min}, {@code 90 s}. */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + " d" : s % 3_600 == 0 ? s / 3_600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
