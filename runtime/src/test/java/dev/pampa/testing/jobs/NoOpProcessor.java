package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Benchmark job: does nothing, so that only Pampa's own cost is measured. */
public final class NoOpProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        // the point is to do nothing
    }
}
