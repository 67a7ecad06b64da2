package dev.pampa.store.monitor;

import dev.pampa.model.JobSpec;
import dev.pampa.report.ErrorGroup;
import dev.pampa.report.FailedTask;
import dev.pampa.store.EventLog;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import dev.pampa.store.WakeUps;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jooq.DSLContext;

/**
 * The errors screen: a job's failed and dead tasks grouped by the first line of their error, one
 * task's whole error, and putting tasks back to pending. A failed task is one whose last try failed
 * and that waits for another; a dead one has used up {@code max_try_times}. A retry resets the task
 * as if new (tries 0, no reservation, no times, no outcome, no error), logs a {@code task_retried}
 * event whose message starts with how many tasks it put back, and wakes the dispatcher.
 */
public final class TaskErrors {
    public static final int DEFAULT_MAX_GROUPS = 100;
    public static final int DEFAULT_SAMPLE_KEYS = 5;

    private final DSLContext dsl;

    public TaskErrors(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Up to 100 groups, most tasks first, each with up to 5 keys of its latest failures. */
    public List<ErrorGroup> groups(String job) {
        return groups(job, DEFAULT_MAX_GROUPS, DEFAULT_SAMPLE_KEYS);
    }

    public List<ErrorGroup> groups(String job, int maxGroups, int sampleKeys) {
        return table(job).errorGroups(dsl, maxGroups, sampleKeys);
    }

    /** The task's whole error text (message and stack trace); empty when the job has no failed or dead task of that key. */
    public Optional<FailedTask> task(String job, String key) {
        return table(job).failedTask(dsl, key);
    }

    /** Puts one failed or dead task back to pending; returns 1, or 0 when no failed or dead task has that key. */
    public int retryTask(String job, String key) {
        return retry(job, key, "task " + key, (t, tx) -> t.retryTask(tx, key));
    }

    /** Puts back every dead task whose error's first line is {@code message} (an {@link ErrorGroup#message()}). */
    public int retryGroup(String job, String message) {
        return retry(job, null, "the dead tasks failing with: " + message, (t, tx) -> t.retryDeadWithMessage(tx, message));
    }

    /** Puts back every dead task of the job. */
    public int retryAllDead(String job) {
        return retry(job, null, "all dead tasks", (t, tx) -> t.retryAllDead(tx));
    }

    /** The update, its event and the wake-up in one transaction: the event is there if and only if the tasks moved. */
    private int retry(String job, String key, String what, BiFunction<TaskTable, DSLContext, Integer> action) {
        TaskTable table = table(job);
        return dsl.transactionResult(c -> {
            int n = action.apply(table, c.dsl());
            if (n > 0) {
                new EventLog(c.dsl()).record(EventLog.TASK_RETRIED, job, null, key,
                        n + " task(s) put back to pending by the operator: " + what);
                WakeUps.notify(c.dsl(), WakeUps.DISPATCHER_CHANNEL, job);
            }
            return n;
        });
    }

    private TaskTable table(String job) {
        JobSpec spec = new JobStore(dsl).find(job).orElseThrow(() -> new NoSuchElementException("no job named " + job)).spec();
        return new TaskTable(spec);
    }
}
