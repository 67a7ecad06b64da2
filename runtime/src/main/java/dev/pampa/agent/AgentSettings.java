package dev.pampa.agent;

import dev.pampa.store.TaskTable;

/**
 * A node agent's timings and bounds. Defaults: heartbeat every 2 s for itself and its workers (the
 * first level declares them dead after 10 s without one); a cycle at least every 500 ms without a
 * wake-up; a worker silent for 10 s (no ping, frozen) is treated as dead; start as many tasks ahead of a
 * worker as fit in 50 ms at the job's observed speed, at most 500; rows over 16 MiB are refused (ended
 * dead with the cause, never fetched) and one cycle fetches at most that much of a job's rows; a job's
 * allowing function may run each of its statements for 1 s.
 */
public record AgentSettings(int heartbeatMillis, int pollMillis, int staleSeconds, int batchBudgetMillis, int maxBatch, long maxRowBytes,
                            int functionTimeoutMillis) {
    public static final int DEFAULT_FUNCTION_TIMEOUT_MILLIS = 1_000;

    public AgentSettings(int heartbeatMillis, int pollMillis, int staleSeconds, int batchBudgetMillis, int maxBatch) {
        this(heartbeatMillis, pollMillis, staleSeconds, batchBudgetMillis, maxBatch, TaskTable.DEFAULT_MAX_ROW_BYTES, DEFAULT_FUNCTION_TIMEOUT_MILLIS);
    }

    public static AgentSettings defaults() {
        return new AgentSettings(2_000, 500, 10, 50, 500);
    }
}
