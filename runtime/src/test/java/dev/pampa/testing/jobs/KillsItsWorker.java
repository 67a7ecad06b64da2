package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: every try of a row whose work_ms is negative records its run, then calls System.exit(4); every other row is recorded and works its work_ms. */
public final class KillsItsWorker implements TaskProcessor {
    private final RecordingProcessor recording = new RecordingProcessor();

    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        recording.process(task, ctx);
        if (((Number) task.get("work_ms")).intValue() < 0) {
            System.exit(4);
        }
    }
}
