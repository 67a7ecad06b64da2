package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/**
 * The soak benchmark's steady job: works {@code work_ms}; one key in fifty fails on every try (given
 * up after the last), one in ten fails its first try only (a retry succeeds), the rest succeed.
 */
public final class SoakProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        long k = task.getLong("id");
        int ms = ((Number) task.get("work_ms")).intValue();
        if (ms > 0) {
            Thread.sleep(ms);
        }
        if (k % 50 == 0) {
            throw new IllegalStateException("the remote service refused the record (soak: always fails)");
        }
        if (k % 10 == 1 && task.tryNumber() == 1) {
            throw new java.io.IOException("connection reset by the remote service (soak: fails its first try)");
        }
        task.set("parity", k % 2 == 0 ? "even" : "odd");
    }
}
