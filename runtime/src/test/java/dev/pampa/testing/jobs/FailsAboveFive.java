package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import org.jooq.impl.DSL;

/** Test job: records every run in {@code runs}; keys above 5 fail every try (so with max_try_times 1 they end dead). */
public final class FailsAboveFive implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) {
        ctx.db().insertInto(DSL.table(DSL.name("runs")))
                .columns(DSL.field(DSL.name("task_id")), DSL.field(DSL.name("worker")), DSL.field(DSL.name("try_number")))
                .values(task.key(), ctx.workerName(), task.tryNumber())
                .execute();
        if (task.getLong("id") > 5) {
            throw new IllegalStateException("key " + task.key() + " fails on purpose");
        }
    }
}
