package dev.pampa.api;

import org.jooq.DSLContext;
import org.slf4j.Logger;

/** What a processor receives besides the row: where it runs and what it may use. */
public interface TaskContext {
    /** A logger named after the job; lines go to the worker's log. */
    Logger log();

    /** The name of the worker running the task, as {@code node.i}. */
    String workerName();

    /** The name of the job the task belongs to. */
    String jobName();

    /**
     * A jOOQ context on the worker's connection pool, for writes other than the task's own result
     * columns. Each statement commits on its own unless you open a transaction.
     */
    DSLContext db();

    /** True once the worker was asked to stop: a long task may save what it has and return early. */
    boolean stopRequested();
}
