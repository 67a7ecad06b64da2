package dev.pampa.report;

/**
 * A worker's state as the cockpit shows it: what it registered, checked against its heartbeat's age.
 * A worker registered as running or stopping whose heartbeat is older than the stale limit is
 * {@link #STALE}: its process is gone or frozen, and the dispatcher (if one runs) will mark it dead.
 */
public enum WorkerLiveness {
    RUNNING, STOPPING, STALE, STOPPED, DEAD;

    public static WorkerLiveness of(String registered, double heartbeatAgeSeconds, int staleSeconds) {
        return switch (registered) {
            case "running", "stopping" -> heartbeatAgeSeconds > staleSeconds ? STALE
                    : registered.equals("running") ? RUNNING : STOPPING;
            case "stopped" -> STOPPED;
            default -> DEAD;
        };
    }
}
