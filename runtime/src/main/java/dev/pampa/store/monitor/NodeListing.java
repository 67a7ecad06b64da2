package dev.pampa.store.monitor;

import dev.pampa.model.NodeSpec;
import dev.pampa.report.NodeRow;
import dev.pampa.store.NodeStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The Nodes screen's rows ({@link NodeRow}): each stored node with its last probe (Java, CPUs, memory;
 * kept across restarts) and what its workers last told the database ({@link NodeOverview}: how many
 * run, their runtime version, the latest heartbeat's age on the database clock).
 */
public final class NodeListing {
    private final DSLContext dsl;

    public NodeListing(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<NodeRow> rows() {
        NodeStore nodes = new NodeStore(dsl);
        Map<String, NodeStore.ProbeFacts> probes = nodes.probes();
        Map<String, String> lowDisks = new dev.pampa.store.StatusReport(dsl).lowDisks().stream()
                .collect(Collectors.toMap(dev.pampa.store.StatusReport.LowDisk::node, dev.pampa.store.StatusReport.LowDisk::describe));
        Map<String, NodeOverview.NodeWorkload> workers = new NodeOverview(dsl).read().stream()
                .collect(Collectors.toMap(NodeOverview.NodeWorkload::node, Function.identity()));
        Map<String, dev.pampa.report.ResourceUsage> usage = new java.util.HashMap<>();
        for (dev.pampa.report.WorkersView.NodeWorkers nw : new WorkerStates(dsl).read().nodes()) {
            List<dev.pampa.report.ResourceUsage> parts = new java.util.ArrayList<>();
            if (nw.agent() != null) {
                parts.add(nw.agent().usage());
            }
            nw.workers().forEach(w -> parts.add(w.usage()));
            usage.put(nw.node(), dev.pampa.report.ResourceUsage.sum(parts));
        }
        return nodes.all().stream().map(stored -> {
            NodeSpec spec = stored.spec();
            NodeStore.ProbeFacts p = probes.get(spec.name());
            NodeOverview.NodeWorkload w = workers.get(spec.name());
            int running = w == null ? 0 : w.runningWorkers();
            String version = w == null || w.runtimeVersions().isEmpty() ? null : String.join(", ", w.runtimeVersions());
            Double age = w == null ? null : w.lastHeartbeatAgeSeconds();
            // a low disk, as the node's agent last found it, is shown with the probe's problems
            String disk = lowDisks.get(spec.name());
            List<String> problems = disk == null ? (p == null ? List.of() : p.problems())
                    : java.util.stream.Stream.concat(java.util.stream.Stream.of(disk), p == null ? java.util.stream.Stream.<String>empty() : p.problems().stream()).toList();
            return p == null
                    ? new NodeRow(spec, null, null, null, null, null, null, null, problems, running, version, age,
                            usage.getOrDefault(spec.name(), dev.pampa.report.ResourceUsage.NONE))
                    : new NodeRow(spec, p.probedAt(), p.os(), p.architecture(), p.cpuCount(), p.memoryKb(), p.freeDiskKb(),
                            p.javaVersion(), problems, running, version, age, usage.getOrDefault(spec.name(), dev.pampa.report.ResourceUsage.NONE));
        }).toList();
    }
}
