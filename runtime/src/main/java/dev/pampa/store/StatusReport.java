package dev.pampa.store;

import dev.pampa.model.JobSpec;
import dev.pampa.report.DispatcherState;
import dev.pampa.report.JobProgress;
import dev.pampa.report.ResourceUsage;
import dev.pampa.store.JobStore.StoredJob;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.exception.DataAccessException;

import static dev.pampa.store.schema.Tables.AGENT;
import static dev.pampa.store.schema.Tables.DISPATCHER_LEASE;
import static dev.pampa.store.schema.Tables.JOB_STATS;
import static dev.pampa.store.schema.Tables.WORKER;

/**
 * What {@code status} and {@code job list} show: live task counts per job, throughput from the stats
 * history, workers and the dispatcher lease. Ages are measured on the database's clock.
 */
public final class StatusReport {
    /** Snapshots closer together than this give a rate too noisy to show. */
    static final int MIN_RATE_WINDOW_SECONDS = 5;

    private final DSLContext dsl;

    public StatusReport(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A stored job and its live state.
     *
     * @param counts        null when the task table cannot be counted; {@code countsProblem} says why
     * @param donePerSecond null until the stats history holds two snapshots far enough apart
     * @param schedule      the job's cron expression, null when it does not recur
     * @param nextFiringAt  when the schedule fires next; null without a schedule or before a dispatcher computed it
     * @param figures       the latest sample of each figure of the job's reporting function, by name; empty without one
     */
    public record JobStatus(String name, String table, String processor, int queueSize, boolean paused,
                            JobProgress counts, String countsProblem, Double donePerSecond,
                            String schedule, OffsetDateTime nextFiringAt, java.util.Map<String, Double> figures) {
        /** The latest figures on one line: {@code pages fetched 1,200, revenue 35.50}. */
        public String figuresText() {
            StringBuilder b = new StringBuilder();
            for (var e : figures.entrySet()) {
                double v = e.getValue();
                b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                        .append(v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(java.util.Locale.ROOT, "%,d", (long) v)
                                : String.format(java.util.Locale.ROOT, "%,.2f", v));
            }
            return b.toString();
        }

        /** The next firing as the CLI prints it: UTC to the second; null without a schedule. */
        public String nextFiringText() {
            if (schedule == null) {
                return null;
            }
            return nextFiringAt == null ? "(dispatcher not run yet)"
                    : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").format(nextFiringAt.atZoneSameInstant(java.time.ZoneOffset.UTC));
        }
    }

    /** A registered worker; {@code usage} what its agent last measured of it (nothing for a worker that is its own client). */
    public record WorkerStatus(String name, String node, String host, Long pid, String state,
                               double heartbeatAgeSeconds, String currentJob, String currentTask, long done, long failed,
                               ResourceUsage usage, long doneBefore, long failedBefore, int starts) {
        public WorkerStatus(String name, String node, String host, Long pid, String state, double heartbeatAgeSeconds, String currentJob,
                            String currentTask, long done, long failed, ResourceUsage usage) {
            this(name, node, host, pid, state, heartbeatAgeSeconds, currentJob, currentTask, done, failed, usage, 0, 0, 1);
        }
    }

    /** A node's agent as it registered, with what it last measured of itself. */
    public record AgentStatus(String node, String host, Long pid, String state, double heartbeatAgeSeconds, int workers,
                              ResourceUsage usage) {
    }

    public List<JobStatus> jobs() {
        return new JobStore(dsl).all().stream().map(this::status).toList();
    }

    /**
     * The jobs with a schedule or a reporting function, without counting their tables: their next firing
     * and latest figures, for a status that is about processes ({@code pampa status}).
     */
    public List<JobStatus> schedulesAndFigures() {
        return new JobStore(dsl).all().stream()
                .filter(j -> j.spec().schedule() != null || j.spec().reportingFunction() != null)
                .map(j -> new JobStatus(j.name(), j.spec().table(), j.spec().processor(), j.spec().queueSize(), j.paused(), null, null, null,
                        j.spec().schedule(), j.nextFiringAt(),
                        j.spec().reportingFunction() == null ? java.util.Map.of() : new JobFigures(dsl).latest(j.name())))
                .toList();
    }

    private JobStatus status(StoredJob job) {
        JobSpec spec = job.spec();
        JobProgress counts = null;
        String problem = null;
        try {
            counts = new TaskTable(spec).progress(dsl);
        } catch (DataAccessException e) {
            problem = countingProblem(spec, e);
        }
        return new JobStatus(spec.name(), spec.table(), spec.processor(), spec.queueSize(), job.paused(),
                counts, problem, donePerSecond(spec.name()), spec.schedule(), job.nextFiringAt(),
                spec.reportingFunction() == null ? java.util.Map.of() : new JobFigures(dsl).latest(spec.name()));
    }

    /** The table was dropped or altered after the job was applied: report it on the job, not as a crash. */
    private static String countingProblem(JobSpec spec, DataAccessException e) {
        String state = e.sqlState();
        if ("42P01".equals(state)) {
            return "table " + spec.table() + " is missing";
        }
        if ("42703".equals(state) || "42883".equals(state) || "42804".equals(state)) {
            return "table " + spec.table() + " no longer fits the field map (run job apply again to see why)";
        }
        throw e;
    }

    /** Done per second between the latest snapshot and the latest one at least a few seconds older. */
    Double donePerSecond(String job) {
        Record2<OffsetDateTime, Long> latest = dsl.select(JOB_STATS.AT, JOB_STATS.DONE).from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job))
                .orderBy(JOB_STATS.AT.desc()).limit(1)
                .fetchOne();
        if (latest == null) {
            return null;
        }
        Record2<OffsetDateTime, Long> earlier = dsl.select(JOB_STATS.AT, JOB_STATS.DONE).from(JOB_STATS)
                .where(JOB_STATS.JOB.eq(job).and(JOB_STATS.AT.le(latest.value1().minusSeconds(MIN_RATE_WINDOW_SECONDS))))
                .orderBy(JOB_STATS.AT.desc()).limit(1)
                .fetchOne();
        if (earlier == null) {
            return null;
        }
        double seconds = Duration.between(earlier.value1(), latest.value1()).toNanos() / 1e9;
        // relaunching sends done rows back to pending; a negative throughput would mean nothing
        return Math.max(0, latest.value2() - earlier.value2()) / seconds;
    }

    public List<WorkerStatus> workers() {
        return dsl.select(WORKER.NAME, WORKER.NODE, WORKER.HOST, WORKER.PID, WORKER.STATE, DbClock.secondsSince(WORKER.HEARTBEAT_AT),
                        WORKER.CURRENT_JOB, WORKER.CURRENT_TASK, WORKER.DONE_COUNT, WORKER.FAILED_COUNT,
                        WORKER.CPU_PERCENT, WORKER.RSS_KB, WORKER.DISK_READ_BPS, WORKER.DISK_WRITE_BPS, WORKER.NET_RX_BPS,
                        WORKER.NET_TX_BPS, WORKER.NET_SCOPE, WORKER.DONE_BEFORE, WORKER.FAILED_BEFORE, WORKER.STARTS)
                .from(WORKER)
                .orderBy(WORKER.NODE, WORKER.NAME)
                .fetch(r -> new WorkerStatus(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(),
                        usage(r.value11(), r.value12(), r.value13(), r.value14(), r.value15(), r.value16(), r.value17()),
                        r.value18(), r.value19(), r.value20()));
    }

    /** Every node's agent that ever registered, by node. */
    public List<AgentStatus> agents() {
        return dsl.select(AGENT.NODE, AGENT.HOST, AGENT.PID, AGENT.STATE, DbClock.secondsSince(AGENT.HEARTBEAT_AT), AGENT.WORKERS,
                        AGENT.CPU_PERCENT, AGENT.RSS_KB, AGENT.DISK_READ_BPS, AGENT.DISK_WRITE_BPS, AGENT.NET_RX_BPS,
                        AGENT.NET_TX_BPS, AGENT.NET_SCOPE)
                .from(AGENT)
                .orderBy(AGENT.NODE)
                .fetch(r -> new AgentStatus(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        usage(r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13())));
    }

    private static ResourceUsage usage(Float cpu, Long rss, Long read, Long write, Long rx, Long tx, String scope) {
        return new ResourceUsage(cpu == null ? null : cpu.doubleValue(), rss, read, write, rx, tx, scope);
    }

    /** The dispatcher lease: who leads, until when, and its last round. */
    public DispatcherState lease() {
        return dsl.select(DISPATCHER_LEASE.HOLDER, DISPATCHER_LEASE.NODE, DISPATCHER_LEASE.PID,
                        DbClock.secondsSince(DISPATCHER_LEASE.EXPIRES_AT).neg(), DISPATCHER_LEASE.LAST_ROUND_MS,
                        DbClock.secondsSince(DISPATCHER_LEASE.LAST_ROUND_AT))
                .from(DISPATCHER_LEASE)
                .where(DISPATCHER_LEASE.ID.eq(1))
                .fetchOptional(r -> new DispatcherState(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()))
                .orElse(DispatcherState.NONE);
    }

    /** A node whose running agent found its base directory short of space: its workers take no new tasks. */
    public record LowDisk(String node, long freeMb, long minFreeMb) {
        public String describe() {
            return "disk low: " + freeMb + " MB free under the base directory, under " + minFreeMb
                    + " MB: its workers take no new tasks until space is freed";
        }
    }

    public List<LowDisk> lowDisks() {
        return dsl.select(AGENT.NODE, AGENT.FREE_DISK_MB, AGENT.MIN_FREE_DISK_MB).from(AGENT)
                .where(AGENT.DISK_LOW.isTrue().and(AGENT.STATE.eq(WorkerRegistry.RUNNING)))
                .orderBy(AGENT.NODE)
                .fetch(r -> new LowDisk(r.value1(), r.value2() == null ? 0 : r.value2(), r.value3() == null ? 0 : r.value3()));
    }
}
