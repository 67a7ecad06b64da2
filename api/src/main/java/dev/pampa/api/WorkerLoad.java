package dev.pampa.api;

/** How much of one job a worker holds right now: reserved and not started, and started and not ended. */
public record WorkerLoad(String worker, String job, int queued, int running) {
}
