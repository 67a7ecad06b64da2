package dev.pampa.store;

import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.schema.tables.records.NodeRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import static dev.pampa.store.schema.Tables.NODE;
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
        NodeRecord update = r.copy();
        update.changed(NODE.CREATED_AT, false);
        // xmax is 0 for a row this statement inserted, and the updating transaction's id otherwise
        return dsl.insertInto(NODE).set(r)
                .onConflict(NODE.NAME).doUpdate().set(update).set(NODE.UPDATED_AT, DSL.currentOffsetDateTime())
                .returningResult(DSL.field("xmax = 0", Boolean.class))
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

    static StoredNode toStored(NodeRecord r) {
        NodeAuth auth = NodeAuth.ofStored(r.getAuthKind()).orElseThrow(() -> new IllegalStateException(
                "node " + r.getName() + " has auth_kind '" + r.getAuthKind() + "', which this version does not know: upgrade Pampa"));
        NodeSpec spec = new NodeSpec(r.getName(), r.getHost(), r.getPort(), r.getSshUser(), auth, r.getKeyPath(), r.getMaxWorkers(),
                r.getJavaCommand(), r.getBaseDir(), r.getMaxRamMb(), r.getMaxCpuPercent());
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
}
