package dev.pampa.jobs;

import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.monitor.TaskErrors;
import java.util.Optional;

/**
 * What an operator can do to one task, for {@code pampa task …} and the cockpit's task detail alike:
 * look it up in any state, cancel it while it is pending or queued, put it back to pending. Each action
 * answers with what it did in words both tools print, naming the state that kept it from acting.
 */
public final class TaskOperations {
    private final Database database;

    public TaskOperations(Database database) {
        this.database = database;
    }

    /** The task of that key in any state, with its row's values; empty when no task has that key. */
    public Optional<TaskDetail> find(String job, String key) {
        return errors(job).lookUp(job, key);
    }

    /**
     * The keys of up to {@code limit} tasks in a state (null: any), on a worker (null or blank: any),
     * whose error contains a text, case aside (null or blank: any); the latest to end or fail first.
     *
     * @throws UnknownJobException when no job has that name
     */
    public java.util.List<String> search(String job, TaskDetail.State state, String worker, String errorText, int limit) {
        return errors(job).search(job, state, worker, errorText, limit);
    }

    /**
     * Cancels the task if it is pending or queued: it ends {@code cancelled} (docs/design.md §4) and is
     * never reserved or started again until retried. A running task is not cancelled: it is the
     * worker's until it ends.
     *
     * @param by who cancels, for the task's error and the event log ("the cockpit", "pampa task cancel")
     * @throws UnknownJobException when no job has that name
     */
    public Outcome cancel(String job, String key, String by) {
        TaskErrors errors = errors(job);
        if (errors.cancel(job, key, by) > 0) {
            return new Outcome(true, TaskDetail.State.CANCELLED, "task " + key + " of job " + job
                    + " cancelled: it will not run (retry it to run it after all)");
        }
        Optional<TaskDetail> now = errors.lookUp(job, key);
        if (now.isEmpty()) {
            return new Outcome(false, null, "job " + job + " has no task with the key " + key + ": nothing cancelled");
        }
        TaskDetail t = now.get();
        String why = switch (t.state()) {
            case RUNNING -> "is running on worker " + t.worker() + ": it was not cancelled (a running task is its worker's until it ends)";
            case CANCELLED -> "was already cancelled: nothing changed";
            default -> "has already ended " + t.state().text() + ": nothing to cancel";
        };
        return new Outcome(false, t.state(), "task " + key + " of job " + job + " " + why);
    }

    /**
     * Puts a dead, cancelled or failed task back to pending with fresh tries, or a done one to run again.
     *
     * @throws UnknownJobException when no job has that name
     */
    public Outcome retry(String job, String key) {
        TaskErrors errors = errors(job);
        Optional<TaskDetail> before = errors.lookUp(job, key);
        if (before.isEmpty()) {
            return new Outcome(false, null, "job " + job + " has no task with the key " + key + ": nothing retried");
        }
        TaskDetail.State state = before.get().state();
        int n = switch (state) {
            case DONE -> errors.runAgain(job, key);
            case DEAD, CANCELLED, WAITING_RETRY -> errors.retryTask(job, key);
            default -> 0;
        };
        if (n > 0) {
            return new Outcome(true, TaskDetail.State.PENDING, "task " + key + " of job " + job + " (" + state.text() + ") is pending again");
        }
        return new Outcome(false, state, "task " + key + " of job " + job + " is " + state.text()
                + (state == TaskDetail.State.PENDING || state == TaskDetail.State.QUEUED || state == TaskDetail.State.RUNNING
                ? ": it has not ended, nothing to retry" : " and changed meanwhile: nothing retried"));
    }

    /** What an action did: whether it acted, the task's state after it (null when there is no such task), and a sentence saying so. */
    public record Outcome(boolean acted, TaskDetail.State state, String message) {
    }

    private TaskErrors errors(String job) {
        JobStore jobs = new JobStore(database.dsl());
        if (jobs.find(job).isEmpty()) {
            throw new UnknownJobException(job, jobs.all().stream().map(JobStore.StoredJob::name).toList());
        }
        return new TaskErrors(database.dsl());
    }
}
