package dev.pampa.store;

import dev.pampa.store.schema.tables.records.WorkerRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static dev.pampa.store.schema.Tables.WORKER;
import static dev.pampa.store.schema.Tables.WORKER_JOB_PROBLEM;

/**
 * Workers as they registered in {@code pampa.worker}, with heartbeats on the database's clock. Each
 * process registers with an incarnation id of its own, and only that process's heartbeats count.
 */
public final class WorkerRegistry {
    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String DEAD = "dead";

    private final DSLContext dsl;

    public WorkerRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Another live process holds the name. */
    public static final class NameTakenException extends RuntimeException {
        public NameTakenException(String message) {
            super(message);
        }
    }

    /**
     * Registers this process as the worker of the name.
     *
     * @throws NameTakenException when another process of that name has a fresh heartbeat
     */
    public void register(String name, String node, String host, long pid, String version, String incarnation, int staleSeconds) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            WorkerRecord other = tx.selectFrom(WORKER).where(WORKER.NAME.eq(name)
                            .and(WORKER.STATE.in(RUNNING, STOPPING))
                            .and(WORKER.HEARTBEAT_AT.ge(DbClock.secondsAgo(staleSeconds))))
                    .forUpdate().fetchOne();
            if (other != null && !incarnation.equals(other.getIncarnation())) {
                throw new NameTakenException("worker " + name + " is already running (pid " + other.getPid() + " on " + other.getHost()
                        + ", heartbeat within " + staleSeconds + " s) — stop that one first or give this one another name");
            }
            tx.insertInto(WORKER)
                    .set(WORKER.NAME, name).set(WORKER.NODE, node).set(WORKER.HOST, host).set(WORKER.PID, pid)
                    .set(WORKER.RUNTIME_VERSION, version).set(WORKER.STATE, RUNNING).set(WORKER.INCARNATION, incarnation)
                    .set(WORKER.STARTED_AT, DSL.currentOffsetDateTime()).set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                    .onConflict(WORKER.NAME).doUpdate()
                    .set(WORKER.NODE, node).set(WORKER.HOST, host).set(WORKER.PID, pid)
                    .set(WORKER.RUNTIME_VERSION, version).set(WORKER.STATE, RUNNING).set(WORKER.INCARNATION, incarnation)
                    .set(WORKER.STARTED_AT, DSL.currentOffsetDateTime()).set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                    .setNull(WORKER.STOPPED_AT).setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                    // the previous process's counts kept: the worker of this name did them (V14)
                    .set(WORKER.DONE_BEFORE, WORKER.DONE_BEFORE.plus(WORKER.DONE_COUNT))
                    .set(WORKER.FAILED_BEFORE, WORKER.FAILED_BEFORE.plus(WORKER.FAILED_COUNT))
                    .set(WORKER.STARTS, WORKER.STARTS.plus(1))
                    .set(WORKER.DONE_COUNT, 0L).set(WORKER.FAILED_COUNT, 0L)
                    // a worker registering itself is its own database client, whatever served the name before
                    .setNull(WORKER.AGENT)
                    .execute();
            tx.deleteFrom(WORKER_JOB_PROBLEM).where(WORKER_JOB_PROBLEM.WORKER.eq(name)).execute();
        });
    }

    /**
     * Records that the worker is alive and what it holds. A worker the dispatcher declared dead comes
     * back as running: what it held was taken back, and its late writes are fenced out. Returns false
     * when another process has registered under the name since.
     */
    public boolean heartbeat(String name, String incarnation, String state, String currentJob, String currentTask, long done, long failed) {
        return dsl.update(WORKER)
                .set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .set(WORKER.STATE, state)
                .set(WORKER.CURRENT_JOB, currentJob)
                .set(WORKER.CURRENT_TASK, currentTask == null ? null : currentTask.length() > 200 ? currentTask.substring(0, 200) : currentTask)
                .set(WORKER.DONE_COUNT, done)
                .set(WORKER.FAILED_COUNT, failed)
                .where(WORKER.NAME.eq(name).and(WORKER.INCARNATION.eq(incarnation)))
                .execute() == 1;
    }

    public void deregister(String name, String incarnation, long done, long failed) {
        dsl.update(WORKER)
                .set(WORKER.STATE, STOPPED)
                .set(WORKER.STOPPED_AT, DSL.currentOffsetDateTime())
                .setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                .set(WORKER.DONE_COUNT, done).set(WORKER.FAILED_COUNT, failed)
                .where(WORKER.NAME.eq(name).and(WORKER.INCARNATION.eq(incarnation)))
                .execute();
    }

    /**
     * Marks workers whose heartbeat is older than the limit as dead; returns their names. Not while
     * the database itself has been up for less than that: after a PostgreSQL restart every heartbeat
     * is old, and the workers are reconnecting, not dead.
     */
    public List<String> markStale(int staleSeconds) {
        return dsl.update(WORKER)
                .set(WORKER.STATE, DEAD)
                .where(WORKER.STATE.in(RUNNING, STOPPING).and(WORKER.HEARTBEAT_AT.lt(DbClock.secondsAgo(staleSeconds)))
                        .and(DSL.function("pg_postmaster_start_time", SQLDataType.TIMESTAMPWITHTIMEZONE).lt(DbClock.secondsAgo(staleSeconds))))
                .returningResult(WORKER.NAME)
                .fetch(WORKER.NAME);
    }

    /** Running workers with a fresh heartbeat, by name. */
    public List<String> live(int staleSeconds) {
        return dsl.select(WORKER.NAME).from(WORKER)
                .where(WORKER.STATE.eq(RUNNING).and(WORKER.HEARTBEAT_AT.ge(DbClock.secondsAgo(staleSeconds))))
                .orderBy(WORKER.NAME)
                .fetch(WORKER.NAME);
    }

    /** Workers registered as dead or stopped: whatever they still hold must be taken back. */
    public List<String> notRunning() {
        return dsl.select(WORKER.NAME).from(WORKER).where(WORKER.STATE.in(DEAD, STOPPED)).fetch(WORKER.NAME);
    }

    /** Records that the worker cannot run the job, and why; the dispatcher leaves it out of that job. */
    public void reportJobProblem(String worker, String job, String problem) {
        dsl.insertInto(WORKER_JOB_PROBLEM)
                .set(WORKER_JOB_PROBLEM.WORKER, worker).set(WORKER_JOB_PROBLEM.JOB, job).set(WORKER_JOB_PROBLEM.PROBLEM, problem)
                .onConflict(WORKER_JOB_PROBLEM.WORKER, WORKER_JOB_PROBLEM.JOB).doUpdate()
                .set(WORKER_JOB_PROBLEM.PROBLEM, problem).set(WORKER_JOB_PROBLEM.AT, DSL.currentOffsetDateTime())
                .execute();
    }

    public void clearJobProblem(String worker, String job) {
        dsl.deleteFrom(WORKER_JOB_PROBLEM).where(WORKER_JOB_PROBLEM.WORKER.eq(worker).and(WORKER_JOB_PROBLEM.JOB.eq(job))).execute();
    }

    /** Job name to the workers that cannot run it. */
    public Map<String, Set<String>> jobProblems() {
        return dsl.select(WORKER_JOB_PROBLEM.JOB, WORKER_JOB_PROBLEM.WORKER).from(WORKER_JOB_PROBLEM).fetch().stream()
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(r -> r.value2(), Collectors.toSet())));
    }
}
