package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job with a bug: stages a result column the table does not have. */
public final class StagesMissingColumn implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        task.set("no_such_column", 1);
    }
}
