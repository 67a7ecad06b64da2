package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: stages "even" or "odd" in the parity column; keys divisible by 1000 fail on their first try. */
public final class ParityProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        long k = task.getLong("id");
        if (k % 1000 == 0 && task.tryNumber() == 1) {
            throw new IllegalStateException("first try of " + k + " fails on purpose");
        }
        task.set("parity", k % 2 == 0 ? "even" : "odd");
    }
}
