package dev.pampa.work;

import dev.pampa.api.Task;
import dev.pampa.api.TaskProcessor;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.model.ErrorText;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.store.monitor.TaskErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a job's processor on one row and writes nothing: the row is read, the processor runs as a
 * worker would run it (its own thread, max_job_duration_minutes), and what it staged is returned. The
 * processor's own writes through its context's database are made in a transaction that is rolled back.
 * Meant to run in a process of its own ({@code job try-here}), so that a processor that exits, crashes
 * or hangs its JVM takes only that process down.
 */
public final class OneRowTrial {
    /** The worker name a processor sees during a trial. */
    public static final String WORKER_NAME = "trial";

    private OneRowTrial() {
    }

    public static RowTrialOutcome run(Database database, String job, String key, JobsPath path) {
        Optional<JobStore.StoredJob> stored = new JobStore(database.dsl()).find(job);
        if (stored.isEmpty()) {
            return RowTrialOutcome.refused(null, "no job named " + job);
        }
        Optional<TaskDetail> task = new TaskErrors(database.dsl()).lookUp(job, key);
        if (task.isEmpty()) {
            return RowTrialOutcome.refused(null, "job " + job + " has no task with the key " + key + " — give the key of a row of "
                    + stored.get().spec().table());
        }
        TaskDetail.State state = task.get().state();
        TaskProcessor processor;
        try {
            processor = path.instantiate(stored.get().spec().processor(), TaskProcessor.class, "processor");
        } catch (JobsPath.JobClassException e) {
            return RowTrialOutcome.refused(state, e.getMessage());
        }
        TaskTable table = new TaskTable(stored.get().spec());
        long limit = stored.get().spec().maxJobDurationMinutes() * 60_000L;
        return WorkerTaskContext.rolledBack(database, WORKER_NAME, job, ctx -> {
            try (ProcessorRunner runner = new ProcessorRunner()) {
                Map<String, Object> row = table.readRow(ctx.db(), key);
                if (row == null) {
                    return RowTrialOutcome.refused(null, "job " + job + " has no task with the key " + key);
                }
                Task t = new Task(row.get(table.primaryKeyColumn()), task.get().tries() + 1, row);
                ProcessorRunner.Result r = runner.run(processor, t, ctx, limit);
                long millis = r.nanos() / 1_000_000;
                if (r.failure() != null) {
                    return new RowTrialOutcome(RowTrialOutcome.Kind.FAILED, state, Map.of(), ErrorText.of(r.failure()), null, millis);
                }
                Map<String, String> columns = new LinkedHashMap<>();
                t.staged().forEach((c, v) -> columns.put(c, v == null ? null : v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v)));
                String missing = columns.keySet().stream().filter(c -> !row.containsKey(c)).findFirst().orElse(null);
                return new RowTrialOutcome(RowTrialOutcome.Kind.DONE, state, columns, null,
                        missing == null ? null : "the processor staged column " + missing + ", which " + stored.get().spec().table()
                                + " does not have: writing would fail — add the column or fix the processor", millis);
            }
        });
    }
}
