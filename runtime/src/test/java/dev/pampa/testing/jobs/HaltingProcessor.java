package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: the first try of key 7 kills its JVM outright (no shutdown hooks); every other try succeeds. */
public final class HaltingProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        if (task.getLong("id") == 7 && task.tryNumber() == 1) {
            Runtime.getRuntime().halt(3);
        }
        task.set("parity", ctx.workerName());
    }
}
