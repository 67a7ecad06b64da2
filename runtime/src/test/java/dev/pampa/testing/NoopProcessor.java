package dev.pampa.testing;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** A processor that does nothing, so that job apply finds a valid class on the jobs path. */
public class NoopProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
    }
}
