package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import org.jooq.impl.DSL;

/**
 * Test job: records every run in the {@code runs} table (so tests can prove a task ran once), works
 * for the row's {@code work_ms}, and stages the worker's name in {@code parity} to show whose result stood.
 */
public final class RecordingProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        ctx.db().insertInto(DSL.table(DSL.name("runs")))
                .columns(DSL.field(DSL.name("task_id")), DSL.field(DSL.name("worker")), DSL.field(DSL.name("try_number")))
                .values(task.key(), ctx.workerName(), task.tryNumber())
                .execute();
        int ms = ((Number) task.get("work_ms")).intValue();
        if (ms > 0) {
            Thread.sleep(ms);
        }
        task.set("parity", ctx.workerName());
    }
}
