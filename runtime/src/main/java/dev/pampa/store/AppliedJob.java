package dev.pampa.store;

import dev.pampa.model.JobSpec;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Query;
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

    public static AppliedJob apply(DSLContext dsl, JobSpec spec, TaskTableSetup setup, String source) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            List<Query> queries = setup == null ? List.of() : setup.queries(tx);
            for (Query q : queries) {
                q.execute();
            }
            boolean created = new JobStore(tx).save(spec);
            int ended = new TaskTable(spec).endExhausted(tx);
            String message = (created ? "created" : "updated") + " from " + source
                    + (queries.isEmpty() ? "" : "; ran " + queries.size() + " DDL statement" + (queries.size() == 1 ? "" : "s"))
                    + (ended == 0 ? "" : "; ended " + ended + " pending row" + (ended == 1 ? "" : "s") + " with tries used up");
            new EventLog(tx).record(EventLog.JOB_APPLIED, spec.name(), null, null, message);
            return new AppliedJob(created, ended, setup == null ? List.of() : setup.sql(tx));
        });
    }
}
