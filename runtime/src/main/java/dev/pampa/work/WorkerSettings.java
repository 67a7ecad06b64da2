package dev.pampa.work;

import dev.pampa.store.TaskTable;

/**
 * A worker's timings. Defaults: heartbeat every 2 s (the dispatcher declares a worker dead after 10 s
 * without one), poll every second when no notification came, and start as many queued tasks per
 * commit as fit in 50 ms at the job's observed speed, at most 500; rows over 16 MiB are refused (ended
 * dead with the cause, never fetched) and one start fetches at most that much.
 */
public record WorkerSettings(int heartbeatMillis, int pollMillis, int batchBudgetMillis, int maxBatch, int poolSize, int staleSeconds, long maxRowBytes) {
    public static WorkerSettings defaults() {
        return new WorkerSettings(2_000, 1_000, 50, 500, 4, 10, TaskTable.DEFAULT_MAX_ROW_BYTES);
    }
}
