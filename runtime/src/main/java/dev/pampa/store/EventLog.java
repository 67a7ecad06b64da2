package dev.pampa.store;

import org.jooq.DSLContext;

import static dev.pampa.store.schema.Tables.EVENT;

/** What happened, for operators: worker started/stopped/died, task given up, lease taken over. */
public final class EventLog {
    public static final String WORKER_STARTED = "worker_started";
    public static final String WORKER_STOPPED = "worker_stopped";
    public static final String WORKER_DIED = "worker_died";
    public static final String TASK_GIVEN_UP = "task_given_up";
    public static final String TASK_TIMED_OUT = "task_timed_out";
    public static final String LATE_FINISH_REJECTED = "late_finish_rejected";
    public static final String LEASE_TAKEN = "lease_taken";
    public static final String LEASE_LOST = "lease_lost";
    public static final String JOB_APPLIED = "job_applied";
    /** A recurring job's schedule fired and its done tasks were relaunched. */
    public static final String JOB_FIRED = "job_fired";
    /** The operator put failed or dead tasks back to pending; the message starts with how many. */
    public static final String TASK_RETRIED = "task_retried";
    public static final String TASK_CANCELLED = "task_cancelled";
    public static final String TASK_TRIED = "task_tried";
    /** A node agent registered, stopped, or was declared dead by the dispatcher (no heartbeat). */
    public static final String AGENT_STARTED = "agent_started";
    public static final String AGENT_STOPPED = "agent_stopped";
    public static final String AGENT_DIED = "agent_died";
    /** A node agent refused a frame of one of its workers (garbage, or an outcome for a task the worker does not hold). */
    public static final String FRAME_REFUSED = "frame_refused";
    /** A worker, an agent or a node's probe stopped being listed after the retention time; the message says what it last was. */
    public static final String WORKER_PRUNED = "worker_pruned";
    public static final String AGENT_PRUNED = "agent_pruned";
    public static final String PROBE_PRUNED = "probe_pruned";
    /** A node's agent found its base directory short of space and stopped taking tasks, or found space again. */
    public static final String DISK_LOW = "disk_low";
    public static final String DISK_OK = "disk_ok";

    private final DSLContext dsl;

    public EventLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void record(String kind, String job, String worker, Object taskKey, String message) {
        dsl.insertInto(EVENT)
                .set(EVENT.KIND, kind)
                .set(EVENT.JOB, job)
                .set(EVENT.WORKER, worker)
                .set(EVENT.TASK_KEY, taskKey == null ? null : truncate(taskKey.toString(), 200))
                .set(EVENT.MESSAGE, message)
                .execute();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
