package dev.pampa.store;

import dev.pampa.model.JobSpec;
import dev.pampa.model.ddl.DdlListener;
import dev.pampa.model.ddl.DdlStep;
import dev.pampa.model.ddl.LockRetry;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * A job as {@code job apply} left it: its table prepared, then the job stored and rows whose tries were
 * already used up ended, in one transaction. The table is prepared first and step by step
 * ({@link LiveTableDdl}), never in the storing transaction: a concurrent index build cannot run in one,
 * and a lock held to commit would hold off the application's writers for as long. A job is stored only
 * once its table is ready; a failure half way leaves what was added, which the next apply completes.
 *
 * @param created          true when no job of that name was stored before
 * @param endedExhausted   pending rows ended because max_try_times was already reached
 * @param ddl              the statements run on the task table
 */
public record AppliedJob(boolean created, int endedExhausted, List<String> ddl) {

    /**
     * @param setup    the table's preparation, or null to store the job only
     * @param retry    how DDL that conflicts with writers waits for the table
     * @param listener hears each step, retry and index build's progress
     * @throws TableBusyException         when a step found the table locked on every try; nothing is stored
     * @throws TableSetupFailedException  when a step failed otherwise; nothing is stored
     */
    public static AppliedJob apply(Database db, JobSpec spec, TaskTableSetup setup, String source, LockRetry retry, DdlListener listener) {
        return apply(db, spec, setup, source, retry, listener, false);
    }

    /** As above, a new job stored paused when {@code pausedIfNew} (the cockpit's editor by default). */
    public static AppliedJob apply(Database db, JobSpec spec, TaskTableSetup setup, String source, LockRetry retry, DdlListener listener,
                                   boolean pausedIfNew) {
        List<String> ddl = setup == null ? List.of() : setup.run(db, retry, listener);
        return db.dsl().transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            boolean created = new JobStore(tx).save(spec, pausedIfNew);
            int ended = new TaskTable(spec).endExhausted(tx);
            String message = (created ? "created" + (pausedIfNew ? " paused" : "") : "updated") + " from " + source
                    + (ddl.isEmpty() ? "" : "; ran " + ddl.size() + " DDL statement" + (ddl.size() == 1 ? "" : "s"))
                    + (ended == 0 ? "" : "; ended " + ended + " pending row" + (ended == 1 ? "" : "s") + " with tries used up");
            new EventLog(tx).record(EventLog.JOB_APPLIED, spec.name(), null, null, message);
            return new AppliedJob(created, ended, ddl);
        });
    }

    /** The task table stayed locked by other sessions on every try of a step that needs a lock writers conflict with. */
    public static final class TableBusyException extends RuntimeException {
        public TableBusyException(String table, LockRetry retry, DdlStep step, Throwable cause) {
            super("table " + table + " stayed locked by other sessions on each of " + retry.attempts() + " tries of "
                    + LockRetry.text(retry.lockTimeout()) + " to " + step.title() + ", so it was not prepared and nothing was stored"
                    + " — retry when no long transaction holds it (pg_stat_activity shows which), or allow longer tries"
                    + " (--lock-timeout, --lock-attempts)", cause);
        }
    }
}
