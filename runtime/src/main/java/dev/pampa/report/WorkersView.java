package dev.pampa.report;

import java.util.List;

/**
 * Every registered worker by node, each with its state reconciled with its heartbeat's age, and the
 * dispatcher lease.
 */
public record WorkersView(List<NodeWorkers> nodes, DispatcherState lease) {

    /** One worker; {@code jobProblems} are {@code "job: why"} lines, as it reported them. */
    public record WorkerRow(String name, String node, String host, Long pid, WorkerLiveness liveness, String registeredState,
                            double heartbeatAgeSeconds, String currentJob, String currentTask, long done, long failed,
                            List<String> jobProblems) {
    }

    public record NodeWorkers(String node, List<WorkerRow> workers) {
    }

    /** A dispatcher holds an unexpired lease. */
    public boolean dispatcherLeading() {
        return lease.leading();
    }
}
