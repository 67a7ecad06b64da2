package dev.pampa.report;

import java.util.List;

/**
 * Every registered worker by node, under its node's agent, each with its state reconciled with its
 * heartbeat's age and what the agent last measured of it, and the dispatcher lease.
 */
public record WorkersView(List<NodeWorkers> nodes, DispatcherState lease) {

    /**
     * One worker; {@code jobProblems} are {@code "job: why"} lines, as it reported them; {@code usage} is
     * {@link ResourceUsage#NONE} unless it runs (a measure of a gone process would mislead).
     */
    public record WorkerRow(String name, String node, String host, Long pid, WorkerLiveness liveness, String registeredState,
                            double heartbeatAgeSeconds, String currentJob, String currentTask, long done, long failed,
                            List<String> jobProblems, ResourceUsage usage, long doneBefore, long failedBefore, int starts) {
        public WorkerRow(String name, String node, String host, Long pid, WorkerLiveness liveness, String registeredState,
                         double heartbeatAgeSeconds, String currentJob, String currentTask, long done, long failed,
                         List<String> jobProblems, ResourceUsage usage) {
            this(name, node, host, pid, liveness, registeredState, heartbeatAgeSeconds, currentJob, currentTask, done, failed,
                    jobProblems, usage, 0, 0, 1);
        }

        /** Done by every process that ran under this name, the current one included. */
        public long doneInAll() {
            return doneBefore + done;
        }
    }

    /** A node's agent: its state reconciled with its heartbeat as a worker's is, the workers it serves, what it used. */
    public record AgentRow(String node, String host, Long pid, WorkerLiveness liveness, double heartbeatAgeSeconds, int workers,
                           ResourceUsage usage) {
    }

    /** A node's agent (null when none ever registered) and its workers. */
    public record NodeWorkers(String node, AgentRow agent, List<WorkerRow> workers) {
    }

    /** A dispatcher holds an unexpired lease. */
    public boolean dispatcherLeading() {
        return lease.leading();
    }
}
