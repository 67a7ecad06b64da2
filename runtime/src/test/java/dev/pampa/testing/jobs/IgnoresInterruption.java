package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;

/**
 * Test job: the first try of key 3 never ends and swallows every interruption (a processor stuck in
 * a loop that catches everything); every other try is recorded and works its work_ms.
 */
public final class IgnoresInterruption implements TaskProcessor {
    private final RecordingProcessor recording = new RecordingProcessor();

    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        recording.process(task, ctx);
        if (task.getLong("id") == 3 && task.tryNumber() == 1) {
            while (true) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    // what a badly written processor does
                }
            }
        }
    }
}
