package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/**
 * Test job for bounded logs: prints a distinct line of about 400 bytes per task on stdout (as a
 * chatty processor would), and fails every even key with one and the same error.
 */
public final class NoisyProcessor implements TaskProcessor {
    private static final String PADDING = "x".repeat(380);

    @Override
    public void process(Task task, TaskContext ctx) {
        long k = task.getLong("id");
        System.out.println("noisy task " + k + " " + PADDING);
        if (k % 2 == 0) {
            throw new IllegalStateException("the same failure every time");
        }
    }
}
