package dev.pampa.store.monitor;

import dev.pampa.report.WorkerLiveness;
import dev.pampa.store.DbClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.DSLContext;

import static dev.pampa.store.schema.Tables.NODE;
import static dev.pampa.store.schema.Tables.WORKER;

/**
 * The nodes screen: per node, how many workers run against its {@code max_workers}, the runtime
 * version its workers report, and its latest heartbeat. Covers the stored nodes and any node name
 * workers registered under without a stored node (such a node has no {@code maxWorkers}).
 */
public final class NodeOverview {
    private final DSLContext dsl;

    public NodeOverview(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @param stored                   the node is in {@code pampa.node}
     * @param runningWorkers           workers registered as running with a heartbeat at most the stale limit old
     * @param maxWorkers               null for a node that is not stored
     * @param runtimeVersions          the distinct versions of the running workers; when none runs, the
     *                                 version of the worker that heartbeat last; empty when no worker ever ran
     * @param lastHeartbeatAgeSeconds  the youngest heartbeat of any of its workers, on the database's
     *                                 clock; null when no worker ever registered there
     */
    public record NodeWorkload(String node, boolean stored, int runningWorkers, Integer maxWorkers, List<String> runtimeVersions,
                          Double lastHeartbeatAgeSeconds) {
    }

    /** Every node, by name. */
    public List<NodeWorkload> read(int staleSeconds) {
        Map<String, Integer> maxWorkers = new TreeMap<>();
        dsl.select(NODE.NAME, NODE.MAX_WORKERS).from(NODE).forEach(r -> maxWorkers.put(r.value1(), r.value2()));
        Map<String, List<WorkerBeat>> workers = new LinkedHashMap<>();
        dsl.select(WORKER.NODE, WORKER.STATE, WORKER.RUNTIME_VERSION, DbClock.secondsSince(WORKER.HEARTBEAT_AT))
                .from(WORKER)
                .orderBy(WORKER.HEARTBEAT_AT.desc())
                .forEach(r -> workers.computeIfAbsent(r.value1(), n -> new ArrayList<>())
                        .add(new WorkerBeat(r.value2(), r.value3(), r.value4())));
        TreeSet<String> names = new TreeSet<>(maxWorkers.keySet());
        names.addAll(workers.keySet());
        List<NodeWorkload> out = new ArrayList<>();
        for (String node : names) {
            List<WorkerBeat> beats = workers.getOrDefault(node, List.of());
            List<WorkerBeat> running = beats.stream()
                    .filter(b -> WorkerLiveness.of(b.state(), b.ageSeconds(), staleSeconds) == WorkerLiveness.RUNNING).toList();
            TreeSet<String> versions = new TreeSet<>();
            (running.isEmpty() ? beats.stream().limit(1) : running.stream())
                    .map(WorkerBeat::version).filter(v -> v != null).forEach(versions::add);
            out.add(new NodeWorkload(node, maxWorkers.containsKey(node), running.size(), maxWorkers.get(node), List.copyOf(versions),
                    beats.isEmpty() ? null : beats.get(0).ageSeconds()));
        }
        return out;
    }

    public List<NodeWorkload> read() {
        return read(WorkerStates.DEFAULT_STALE_SECONDS);
    }

    private record WorkerBeat(String state, String version, double ageSeconds) {
    }
}
