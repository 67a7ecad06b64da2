package dev.pampa.monitor;

import dev.pampa.model.NodeSpec;
import dev.pampa.store.NodeStore;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The Nodes screen's rows: each stored node with its last probe (Java, CPUs, memory; kept across
 * restarts) and what its workers last told the database ({@link NodeOverview}: how many run, their
 * runtime version, the latest heartbeat's age on the database clock).
 */
public final class NodeListing {
    private final DSLContext dsl;

    public NodeListing(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One stored node.
     *
     * @param probedAt                 null when never probed; then every probed fact is null too
     * @param problems                 the last probe's problems (one line each), empty when it found none
     * @param workersRunning           workers running with a fresh heartbeat
     * @param runtimeVersion           the running workers' version(s), or the last one heard from; null when none ever ran
     * @param lastHeartbeatAgeSeconds  the youngest heartbeat of its workers; null when none ever ran
     */
    public record NodeRow(NodeSpec spec, OffsetDateTime probedAt, String os, String architecture, Integer cpuCount,
                          Long memoryKb, Long freeDiskKb, String javaVersion, List<String> problems,
                          int workersRunning, String runtimeVersion, Double lastHeartbeatAgeSeconds) {

        public boolean probed() {
            return probedAt != null;
        }

        /** In a word: running, idle, not ready (the last probe found problems), or not probed. */
        public String state() {
            if (workersRunning > 0) {
                return "running";
            }
            if (!probed()) {
                return "not probed";
            }
            return problems.isEmpty() ? "idle" : "not ready";
        }
    }

    public List<NodeRow> rows() {
        NodeStore nodes = new NodeStore(dsl);
        Map<String, NodeStore.ProbeFacts> probes = nodes.probes();
        Map<String, NodeOverview.NodeRow> workers = new NodeOverview(dsl).read().stream()
                .collect(Collectors.toMap(NodeOverview.NodeRow::node, Function.identity()));
        return nodes.all().stream().map(stored -> {
            NodeSpec spec = stored.spec();
            NodeStore.ProbeFacts p = probes.get(spec.name());
            NodeOverview.NodeRow w = workers.get(spec.name());
            int running = w == null ? 0 : w.runningWorkers();
            String version = w == null || w.runtimeVersions().isEmpty() ? null : String.join(", ", w.runtimeVersions());
            Double age = w == null ? null : w.lastHeartbeatAgeSeconds();
            return p == null
                    ? new NodeRow(spec, null, null, null, null, null, null, null, List.of(), running, version, age)
                    : new NodeRow(spec, p.probedAt(), p.os(), p.architecture(), p.cpuCount(), p.memoryKb(), p.freeDiskKb(),
                            p.javaVersion(), p.problems(), running, version, age);
        }).toList();
    }
}
