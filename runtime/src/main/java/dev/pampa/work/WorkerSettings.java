package dev.pampa.work;

/**
 * A worker's timings. Defaults: heartbeat every 2 s (the dispatcher declares a worker dead after 10 s
 * without one), poll every second when no notification came, and start as many queued tasks per
 * commit as fit in 50 ms at the job's observed speed, at most 500.
 */
public record WorkerSettings(int heartbeatMillis, int pollMillis, int batchBudgetMillis, int maxBatch, int poolSize, int staleSeconds) {
    public static WorkerSettings defaults() {
        return new WorkerSettings(2_000, 1_000, 50, 500, 4, 10);
    }
}
