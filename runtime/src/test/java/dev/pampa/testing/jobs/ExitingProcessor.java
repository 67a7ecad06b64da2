package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: the first try of key 7 calls System.exit(4) (shutdown hooks run); every other try succeeds. */
public final class ExitingProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        if (task.getLong("id") == 7 && task.tryNumber() == 1) {
            System.exit(4);
        }
        task.set("parity", ctx.workerName());
    }
}
