package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/** Test job: every try of key 7 records its run, then calls System.exit(4); every other key is recorded and works its work_ms. */
public final class KillsItsWorker implements TaskProcessor {
    private final RecordingProcessor recording = new RecordingProcessor();

    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        recording.process(task, ctx);
        if (task.getLong("id") == 7) {
            System.exit(4);
        }
    }
}
