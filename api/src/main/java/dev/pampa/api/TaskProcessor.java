package dev.pampa.api;

/**
 * What a job author implements: processes one row of the job's task table.
 *
 * <p>Return normally and the task is done: the columns staged with {@link Task#set} are written in
 * the same statement that marks it done. Throw and the try is recorded as failed with the
 * exception's message and stack trace; the task goes back to pending while tries remain.
 *
 * <p>An implementation needs a public no-argument constructor. One instance serves every task of
 * the job in a worker process, one task at a time.
 */
@FunctionalInterface
public interface TaskProcessor {
    void process(Task task, TaskContext ctx) throws Exception;
}
