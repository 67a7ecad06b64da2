package dev.pampa.store;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static dev.pampa.store.schema.Tables.WORKER;

/** Workers as they registered in {@code pampa.worker}, with heartbeats on the database's clock. */
public final class WorkerRegistry {
    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String DEAD = "dead";

    private final DSLContext dsl;

    public WorkerRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void register(String name, String node, String host, long pid, String version) {
        dsl.insertInto(WORKER)
                .set(WORKER.NAME, name).set(WORKER.NODE, node).set(WORKER.HOST, host).set(WORKER.PID, pid)
                .set(WORKER.RUNTIME_VERSION, version).set(WORKER.STATE, RUNNING)
                .set(WORKER.STARTED_AT, DSL.currentOffsetDateTime()).set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .setNull(WORKER.STOPPED_AT).setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                .set(WORKER.DONE_COUNT, 0L).set(WORKER.FAILED_COUNT, 0L)
                .onConflict(WORKER.NAME).doUpdate()
                .set(WORKER.NODE, node).set(WORKER.HOST, host).set(WORKER.PID, pid)
                .set(WORKER.RUNTIME_VERSION, version).set(WORKER.STATE, RUNNING)
                .set(WORKER.STARTED_AT, DSL.currentOffsetDateTime()).set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .setNull(WORKER.STOPPED_AT).setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                .set(WORKER.DONE_COUNT, 0L).set(WORKER.FAILED_COUNT, 0L)
                .execute();
    }

    /**
     * Records that the worker is alive and what it holds. A worker the dispatcher declared dead comes
     * back as running: what it held was taken back, and its late writes are fenced out.
     */
    public void heartbeat(String name, String state, String currentJob, String currentTask, long done, long failed) {
        dsl.update(WORKER)
                .set(WORKER.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .set(WORKER.STATE, state)
                .set(WORKER.CURRENT_JOB, currentJob)
                .set(WORKER.CURRENT_TASK, currentTask == null ? null : currentTask.length() > 200 ? currentTask.substring(0, 200) : currentTask)
                .set(WORKER.DONE_COUNT, done)
                .set(WORKER.FAILED_COUNT, failed)
                .where(WORKER.NAME.eq(name))
                .execute();
    }

    public void deregister(String name, long done, long failed) {
        dsl.update(WORKER)
                .set(WORKER.STATE, STOPPED)
                .set(WORKER.STOPPED_AT, DSL.currentOffsetDateTime())
                .setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                .set(WORKER.DONE_COUNT, done).set(WORKER.FAILED_COUNT, failed)
                .where(WORKER.NAME.eq(name))
                .execute();
    }

    /** Marks workers whose heartbeat is older than the limit as dead; returns their names. */
    public List<String> markStale(int staleSeconds) {
        return dsl.update(WORKER)
                .set(WORKER.STATE, DEAD)
                .where(WORKER.STATE.in(RUNNING, STOPPING).and(WORKER.HEARTBEAT_AT.lt(secondsAgo(staleSeconds))))
                .returningResult(WORKER.NAME)
                .fetch(WORKER.NAME);
    }

    /** Running workers with a fresh heartbeat, by name. */
    public List<String> live(int staleSeconds) {
        return dsl.select(WORKER.NAME).from(WORKER)
                .where(WORKER.STATE.eq(RUNNING).and(WORKER.HEARTBEAT_AT.ge(secondsAgo(staleSeconds))))
                .orderBy(WORKER.NAME)
                .fetch(WORKER.NAME);
    }

    /** Workers registered as dead or stopped: whatever they still hold must be taken back. */
    public List<String> notRunning() {
        return dsl.select(WORKER.NAME).from(WORKER).where(WORKER.STATE.in(DEAD, STOPPED)).fetch(WORKER.NAME);
    }

    static org.jooq.Field<java.time.OffsetDateTime> secondsAgo(int seconds) {
        return DSL.field("now() - ({0} * interval '1 second')", SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.val(seconds));
    }
}
