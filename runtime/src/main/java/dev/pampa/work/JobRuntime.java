package dev.pampa.work;

import dev.pampa.api.TaskProcessor;
import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.TaskTable;
import java.time.OffsetDateTime;

/**
 * A job as one worker runs it: its table, its processor instance, and how many queued tasks to start
 * per commit. Fast tasks are started many at a time (one commit for many tasks); slow ones one at a
 * time, so that a start time never runs ahead of the actual start by more than the batch budget.
 */
final class JobRuntime {
    final StoredJob stored;
    final TaskTable table;
    final TaskProcessor processor;
    private double avgMillis = -1;
    /** Whether the last start found tasks, so that only the moment the queue runs dry wakes the dispatcher. */
    boolean hadWork;

    JobRuntime(StoredJob stored, TaskProcessor processor) {
        this.stored = stored;
        this.table = new TaskTable(stored.spec());
        this.processor = processor;
    }

    /** The same job with a newer stored row (paused flag, times), keeping its processor and speed. */
    JobRuntime with(StoredJob newer) {
        JobRuntime r = new JobRuntime(newer, processor);
        r.avgMillis = avgMillis;
        r.hadWork = hadWork;
        return r;
    }

    String name() {
        return stored.name();
    }

    OffsetDateTime version() {
        return stored.updatedAt();
    }

    long limitMillis() {
        return stored.spec().maxJobDurationMinutes() * 60_000L;
    }

    /** Starts with one task until its speed is known, then as many as fit in the budget. */
    int batchSize(WorkerSettings s) {
        if (avgMillis < 0) {
            return 1;
        }
        int n = (int) Math.floor(s.batchBudgetMillis() / Math.max(avgMillis, 0.01));
        // half the queue at most: the other half keeps the worker busy while the dispatcher tops it up
        int queueShare = Math.max(1, (stored.spec().queueSize() + 1) / 2);
        return Math.max(1, Math.min(n, Math.min(s.maxBatch(), queueShare)));
    }

    void observe(long nanos) {
        double ms = nanos / 1e6;
        avgMillis = avgMillis < 0 ? ms : avgMillis * 0.8 + ms * 0.2;
    }
}
