package dev.pampa.store;

import dev.pampa.model.JobSpec;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A job as {@code job apply} left it: stored, its table prepared, and rows whose tries were already
 * used up ended. All in one transaction, so a failure leaves neither half-added columns nor a job
 * stored for a table that is not ready.
 *
 * @param created          true when no job of that name was stored before
 * @param endedExhausted   pending rows ended because max_try_times was already reached
 * @param ddl              the statements run on the task table
 */
public record AppliedJob(boolean created, int endedExhausted, List<String> ddl) {

    /**
     * @param lockTimeout how long the DDL may wait for the table: ALTER TABLE queues behind every open
     *                    transaction on it, and every later query on the table queues behind the ALTER,
     *                    so waiting without limit would stall the operator's application
     * @throws TableBusyException when the table stayed locked longer than {@code lockTimeout}
     */
    public static AppliedJob apply(DSLContext dsl, JobSpec spec, TaskTableSetup setup, String source, Duration lockTimeout) {
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                List<Query> queries = setup == null ? List.of() : setup.queries(tx);
                if (!queries.isEmpty()) {
                    tx.setLocal(DSL.name("lock_timeout"), DSL.inline(lockTimeout.toMillis() + "ms")).execute();
                }
                for (Query q : queries) {
                    q.execute();
                }
                boolean created = new JobStore(tx).save(spec);
                int ended = new TaskTable(spec).endExhausted(tx);
                String message = (created ? "created" : "updated") + " from " + source
                        + (queries.isEmpty() ? "" : "; ran " + queries.size() + " DDL statement" + (queries.size() == 1 ? "" : "s"))
                        + (ended == 0 ? "" : "; ended " + ended + " pending row" + (ended == 1 ? "" : "s") + " with tries used up");
                new EventLog(tx).record(EventLog.JOB_APPLIED, spec.name(), null, null, message);
                return new AppliedJob(created, ended, setup == null ? List.of() : setup.sql());
            });
        } catch (DataAccessException e) {
            if ("55P03".equals(e.sqlState())) {
                throw new TableBusyException(spec.table(), lockTimeout, e);
            }
            throw e;
        }
    }

    /** The task table stayed locked by other sessions for longer than the DDL may wait. */
    public static final class TableBusyException extends RuntimeException {
        public TableBusyException(String table, Duration waited, Throwable cause) {
            super("table " + table + " stayed locked by other sessions for "
                    + (waited.toMillis() < 1000 ? waited.toMillis() + " ms" : waited.toSeconds() + " s") + ", so its columns and indexes"
                    + " could not be added and nothing was stored — retry when no long transaction holds it"
                    + " (pg_stat_activity shows which), or add the columns and indexes yourself", cause);
        }
    }
}
