package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: odd keys fail with a message holding a NUL byte and a terminal escape; even keys succeed. */
public final class HostileMessages implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        long k = task.getLong("id");
        if (k % 2 == 1) {
            throw new IllegalStateException("key " + k + " \0 breaks \u001b[2J the terminal");
        }
        task.set("parity", "even");
    }
}
