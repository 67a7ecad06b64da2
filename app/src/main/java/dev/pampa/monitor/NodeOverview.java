package dev.pampa.monitor;

import static dev.pampa.store.schema.Tables.WORKER;

import dev.pampa.model.NodeSpec;
import dev.pampa.store.NodeStore;
import dev.pampa.store.WorkerRegistry;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The Nodes screen's read: each stored node with its last probe (Java, CPUs, memory; kept across
 * restarts) and what its workers last told the database (how many run, their runtime version, the
 * latest heartbeat). Two queries and the node list, whatever the number of nodes.
 */
public final class NodeOverview {
    private final DSLContext dsl;

    public NodeOverview(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One node.
     *
     * @param probedAt        null when never probed; then every probed fact is null too
     * @param problems        the last probe's problems (one line each), empty when it found none
     * @param workersRunning  workers the database lists as running (the dispatcher marks silent ones dead within 10 s)
     * @param runtimeVersion  the version the most recently heard-from worker runs; null when none ever ran
     * @param lastHeartbeat   the latest heartbeat of any of its workers; null when none ever ran
     */
    public record NodeRow(NodeSpec spec, OffsetDateTime probedAt, String os, String architecture, Integer cpuCount,
                          Long memoryKb, Long freeDiskKb, String javaVersion, List<String> problems,
                          int workersRunning, String runtimeVersion, OffsetDateTime lastHeartbeat) {

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

    private record Workers(int running, String version, OffsetDateTime heartbeat) {
    }

    public List<NodeRow> rows() {
        NodeStore nodes = new NodeStore(dsl);
        Map<String, NodeStore.ProbeFacts> probes = nodes.probes();
        Map<String, Workers> workers = workers();
        return nodes.all().stream().map(stored -> {
            NodeSpec spec = stored.spec();
            NodeStore.ProbeFacts p = probes.get(spec.name());
            Workers w = workers.getOrDefault(spec.name(), new Workers(0, null, null));
            return p == null
                    ? new NodeRow(spec, null, null, null, null, null, null, null, List.of(), w.running(), w.version(), w.heartbeat())
                    : new NodeRow(spec, p.probedAt(), p.os(), p.architecture(), p.cpuCount(), p.memoryKb(), p.freeDiskKb(),
                            p.javaVersion(), p.problems(), w.running(), w.version(), w.heartbeat());
        }).toList();
    }

    private Map<String, Workers> workers() {
        Map<String, Workers> byNode = new HashMap<>();
        var running = DSL.count().filterWhere(WORKER.STATE.eq(WorkerRegistry.RUNNING));
        var latest = DSL.max(WORKER.HEARTBEAT_AT);
        // the version of the worker heard from last: the newest deploy that actually runs there
        var version = DSL.field("(array_agg({0} order by {1} desc))[1]", String.class, WORKER.RUNTIME_VERSION, WORKER.HEARTBEAT_AT);
        dsl.select(WORKER.NODE, running, latest, version).from(WORKER).groupBy(WORKER.NODE)
                .forEach(r -> byNode.put(r.value1(), new Workers(r.value2(), r.value4(), r.value3())));
        return byNode;
    }
}
