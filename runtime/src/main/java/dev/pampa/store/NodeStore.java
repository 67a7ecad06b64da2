package dev.pampa.store;

import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.schema.tables.records.NodeRecord;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.NODE;
import static dev.pampa.store.schema.Tables.NODE_PROBE;
import static dev.pampa.store.schema.Tables.WORKER;

/** The nodes stored in {@code pampa.node}. Nothing secret is written: a key by its path, a password never. */
public final class NodeStore {
    private final DSLContext dsl;

    public NodeStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Stores the node, replacing one of the same name but keeping when it was added. Returns true if it was new. */
    public boolean save(NodeSpec s) {
        NodeRecord r = dsl.newRecord(NODE);
        r.setName(s.name());
        r.setHost(s.host());
        r.setPort(s.port());
        r.setSshUser(s.user());
        r.setAuthKind(s.auth().stored());
        r.setKeyPath(s.keyPath());
        r.setMaxWorkers(s.maxWorkers());
        r.setJavaCommand(s.javaCommand());
        r.setBaseDir(s.baseDir());
        r.setMaxRamMb(s.maxRamMb());
        r.setMaxCpuPercent(s.maxCpuPercent());
        r.setMaxDiskIoKbps(s.maxDiskIoKbps());
        r.setMaxNetIoKbps(s.maxNetIoKbps());
        NodeRecord update = r.copy();
        update.changed(NODE.CREATED_AT, false);
        // xmax is 0 for a row this statement inserted, and the updating transaction's id otherwise
        return dsl.insertInto(NODE).set(r)
                .onConflict(NODE.NAME).doUpdate().set(update).set(NODE.UPDATED_AT, DSL.currentOffsetDateTime())
                .returningResult(DSL.field(DSL.field(DSL.name("xmax")).eq(DSL.inline(0))))
                .fetchOne().value1();
    }

    public Optional<StoredNode> find(String name) {
        return dsl.selectFrom(NODE).where(NODE.NAME.eq(name)).fetchOptional().map(NodeStore::toStored);
    }

    public List<StoredNode> all() {
        return dsl.selectFrom(NODE).orderBy(NODE.NAME).fetch(NodeStore::toStored);
    }

    public List<String> names() {
        return dsl.select(NODE.NAME).from(NODE).orderBy(NODE.NAME).fetch(NODE.NAME);
    }

    /**
     * Removes the node unless a worker of it is registered as running or stopping: removing it would
     * leave those processes where no command can reach them by the node's name.
     */
    public NodeRemoval remove(String name) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (tx.selectFrom(NODE).where(NODE.NAME.eq(name)).forUpdate().fetchOptional().isEmpty()) {
                return new NodeRemoval(NodeRemoval.Outcome.UNKNOWN, List.of());
            }
            List<String> active = tx.select(WORKER.NAME).from(WORKER)
                    .where(WORKER.NODE.eq(name).and(WORKER.STATE.in(WorkerRegistry.RUNNING, WorkerRegistry.STOPPING)))
                    .orderBy(WORKER.NAME).fetch(WORKER.NAME);
            if (!active.isEmpty()) {
                return new NodeRemoval(NodeRemoval.Outcome.WORKERS_ACTIVE, active);
            }
            tx.deleteFrom(NODE).where(NODE.NAME.eq(name)).execute();
            return new NodeRemoval(NodeRemoval.Outcome.REMOVED, List.of());
        });
    }

    /** Keeps {@code facts} as the node's last probe, replacing the one before; false when there is no such node. */
    public boolean recordProbe(String node, ProbeFacts facts) {
        if (!dsl.fetchExists(dsl.selectFrom(NODE).where(NODE.NAME.eq(node)))) {
            return false;
        }
        var row = dsl.newRecord(NODE_PROBE);
        row.setNode(node);
        row.setProbedAt(facts.probedAt());
        row.setOs(cut(facts.os(), 100));
        row.setArchitecture(cut(facts.architecture(), 100));
        row.setCpuCount(facts.cpuCount());
        row.setMemoryKb(facts.memoryKb());
        row.setFreeDiskKb(facts.freeDiskKb());
        row.setJavaVersion(cut(facts.javaVersion(), 100));
        row.setProblems(facts.problems().isEmpty() ? null : String.join("\n", facts.problems()));
        dsl.insertInto(NODE_PROBE).set(row).onConflict(NODE_PROBE.NODE).doUpdate().set(row).execute();
        return true;
    }

    /** Each probed node's last probe, by node name. */
    public Map<String, ProbeFacts> probes() {
        Map<String, ProbeFacts> byNode = new LinkedHashMap<>();
        dsl.selectFrom(NODE_PROBE).orderBy(NODE_PROBE.NODE).forEach(r -> byNode.put(r.getNode(), new ProbeFacts(r.getProbedAt(),
                r.getOs(), r.getArchitecture(), r.getCpuCount(), r.getMemoryKb(), r.getFreeDiskKb(), r.getJavaVersion(),
                r.getProblems() == null ? List.of() : List.of(r.getProblems().split("\n")))));
        return byNode;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static StoredNode toStored(NodeRecord r) {
        NodeAuth auth = NodeAuth.ofStored(r.getAuthKind()).orElseThrow(() -> new IllegalStateException(
                "node " + r.getName() + " has auth_kind '" + r.getAuthKind() + "', which this version does not know: upgrade Pampa"));
        NodeSpec spec = new NodeSpec(r.getName(), r.getHost(), r.getPort(), r.getSshUser(), auth, r.getKeyPath(), r.getMaxWorkers(),
                r.getJavaCommand(), r.getBaseDir(), r.getMaxRamMb(), r.getMaxCpuPercent(),
                r.getMaxDiskIoKbps(), r.getMaxNetIoKbps());
        return new StoredNode(spec, r.getCreatedAt(), r.getUpdatedAt());
    }

    /** A node as stored, with when it was added and last changed. */
    public record StoredNode(NodeSpec spec, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        public String name() {
            return spec.name();
        }
    }

    /** What {@link #remove} did; {@code activeWorkers} names the workers that kept the node. */
    public record NodeRemoval(Outcome outcome, List<String> activeWorkers) {
        public enum Outcome { REMOVED, UNKNOWN, WORKERS_ACTIVE }
    }

    /**
     * What a probe found on a node, as kept: a fact it could not read is null; {@code problems} holds
     * one line per problem (empty when the node was ready).
     */
    public record ProbeFacts(OffsetDateTime probedAt, String os, String architecture, Integer cpuCount, Long memoryKb,
                             Long freeDiskKb, String javaVersion, List<String> problems) {
        public ProbeFacts {
            problems = List.copyOf(problems);
        }
    }
}
