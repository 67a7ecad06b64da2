package dev.pampa.testing.jobs;

import dev.pampa.api.Task;
import dev.pampa.api.TaskContext;
import dev.pampa.api.TaskProcessor;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Test job: records each run's span (start, and end even when interrupted) in the {@code spans} table (the test creates it),
 * so a test can prove that no task ran on two workers at the same time; works for the row's
 * {@code work_ms}, and stages the worker's name in {@code parity}.
 */
public final class SpanRecordingProcessor implements TaskProcessor {
    @Override
    public void process(Task task, TaskContext ctx) throws Exception {
        DSLContext db = ctx.db();
        db.execute("INSERT INTO spans (task_id, worker, try_number, started) VALUES (?, ?, ?, clock_timestamp())",
                task.key(), ctx.workerName(), task.tryNumber());
        try {
            int ms = ((Number) task.get("work_ms")).intValue();
            if (ms > 0) {
                Thread.sleep(ms);
            }
            task.set("parity", ctx.workerName());
        } finally {
            boolean interrupted = Thread.interrupted();
            db.execute("UPDATE spans SET ended = clock_timestamp() WHERE task_id = ? AND worker = ? AND try_number = ? AND ended IS NULL",
                    task.key(), ctx.workerName(), task.tryNumber());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
