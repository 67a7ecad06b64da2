package dev.pampa.report;

import dev.pampa.model.NodeSpec;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One stored node as the Nodes screen lists it: its last probe (Java, CPUs, memory; kept across
 * restarts) and what its workers last told the database.
 *
 * @param probedAt                 null when never probed; then every probed fact is null too
 * @param problems                 the last probe's problems (one line each), empty when it found none
 * @param workersRunning           workers running with a fresh heartbeat
 * @param runtimeVersion           the running workers' version(s), or the last one heard from; null when none ever ran
 * @param lastHeartbeatAgeSeconds  the youngest heartbeat of its workers; null when none ever ran
 * @param usage                    what its live agent and workers use together, as the agent measured them
 *                                 ({@link ResourceUsage#sum}); {@link ResourceUsage#NONE} when nothing runs
 */
public record NodeRow(NodeSpec spec, OffsetDateTime probedAt, String os, String architecture, Integer cpuCount,
                      Long memoryKb, Long freeDiskKb, String javaVersion, List<String> problems,
                      int workersRunning, String runtimeVersion, Double lastHeartbeatAgeSeconds, ResourceUsage usage) {

    public NodeRow(NodeSpec spec, OffsetDateTime probedAt, String os, String architecture, Integer cpuCount,
                   Long memoryKb, Long freeDiskKb, String javaVersion, List<String> problems,
                   int workersRunning, String runtimeVersion, Double lastHeartbeatAgeSeconds) {
        this(spec, probedAt, os, architecture, cpuCount, memoryKb, freeDiskKb, javaVersion, problems, workersRunning, runtimeVersion,
                lastHeartbeatAgeSeconds, ResourceUsage.NONE);
    }

    public boolean probed() {
        return probedAt != null;
    }

    /** In a word: disk low (its agent takes no tasks), running, idle, not ready (the last probe found problems), or not probed. */
    public String state() {
        if (!problems.isEmpty() && problems.get(0).startsWith("disk low")) {
            return "disk low";
        }
        if (workersRunning > 0) {
            return "running";
        }
        if (!probed()) {
            return "not probed";
        }
        return problems.isEmpty() ? "idle" : "not ready";
    }
}
