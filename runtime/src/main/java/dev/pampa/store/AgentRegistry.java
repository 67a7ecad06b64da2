package dev.pampa.store;

import dev.pampa.report.ResourceUsage;
import dev.pampa.store.schema.tables.records.AgentRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static dev.pampa.store.schema.Tables.AGENT;
import static dev.pampa.store.schema.Tables.ASSIGNMENT;
import static dev.pampa.store.schema.Tables.WORKER;

/**
 * Node agents as they registered in {@code pampa.agent}, and the worker rows they keep for the
 * workers they serve. Heartbeats are on the database's clock; an agent heartbeats its workers' rows in
 * one statement, so a node costs the same few statements whatever its worker count.
 */
public final class AgentRegistry {
    private final DSLContext dsl;

    public AgentRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Another live agent serves the node. */
    public static final class NodeTakenException extends RuntimeException {
        public NodeTakenException(String message) {
            super(message);
        }
    }

    /**
     * Registers this process as the agent of the node.
     *
     * @throws NodeTakenException when another agent of the node has a fresh heartbeat
     */
    public void register(String node, String host, long pid, String version, String incarnation, String socketPath, int staleSeconds) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            AgentRecord other = tx.selectFrom(AGENT).where(AGENT.NODE.eq(node)
                            .and(AGENT.STATE.in(WorkerRegistry.RUNNING, WorkerRegistry.STOPPING))
                            .and(AGENT.HEARTBEAT_AT.ge(DbClock.secondsAgo(staleSeconds))))
                    .forUpdate().fetchOne();
            // an agent of this host whose process is gone (killed, crashed) is not running, however fresh
            // its last heartbeat: its successor takes over at once instead of waiting for the heartbeat to age
            boolean gone = other != null && host.equals(other.getHost()) && other.getPid() != null
                    && ProcessHandle.of(other.getPid()).map(ProcessHandle::isAlive).orElse(false) == false;
            if (other != null && !gone && !incarnation.equals(other.getIncarnation())) {
                throw new NodeTakenException("the agent of node " + node + " is already running (pid " + other.getPid() + " on " + other.getHost()
                        + ", heartbeat within " + staleSeconds + " s) — stop that one first");
            }
            tx.insertInto(AGENT)
                    .set(AGENT.NODE, node).set(AGENT.HOST, host).set(AGENT.PID, pid).set(AGENT.RUNTIME_VERSION, version)
                    .set(AGENT.STATE, WorkerRegistry.RUNNING).set(AGENT.INCARNATION, incarnation).set(AGENT.SOCKET_PATH, socketPath)
                    .set(AGENT.STARTED_AT, DSL.currentOffsetDateTime()).set(AGENT.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                    .set(AGENT.WORKERS, 0)
                    .onConflict(AGENT.NODE).doUpdate()
                    .set(AGENT.HOST, host).set(AGENT.PID, pid).set(AGENT.RUNTIME_VERSION, version)
                    .set(AGENT.STATE, WorkerRegistry.RUNNING).set(AGENT.INCARNATION, incarnation).set(AGENT.SOCKET_PATH, socketPath)
                    .set(AGENT.STARTED_AT, DSL.currentOffsetDateTime()).set(AGENT.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                    .setNull(AGENT.STOPPED_AT).set(AGENT.WORKERS, 0)
                    .execute();
        });
    }

    /**
     * Registers a worker the agent serves: the same check and row as a worker registering itself
     * ({@link WorkerRegistry#register}), with the serving node in {@code agent}.
     *
     * @throws WorkerRegistry.NameTakenException when another process of that name has a fresh heartbeat
     */
    public void registerWorker(String agentNode, String name, String host, long pid, String version, String incarnation, int staleSeconds) {
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            new WorkerRegistry(tx).register(name, agentNode, host, pid, version, incarnation, staleSeconds);
            tx.update(WORKER).set(WORKER.AGENT, agentNode).where(WORKER.NAME.eq(name)).execute();
        });
    }

    /** What the agent's heartbeat found: whether it still holds the node, and whether it had been declared dead. */
    public record Beat(boolean stillOurs, boolean wasDead) {
    }

    /**
     * Heartbeats the agent and, in one statement, the workers it serves (name, incarnation, state,
     * current job and task, done and failed counts, what each used, index by index). Returns false in
     * {@code stillOurs} when another agent registered for the node since.
     *
     * @param own what the agent itself used
     */
    public Beat heartbeat(String node, String incarnation, int workers, List<WorkerBeat> beats) {
        return heartbeat(node, incarnation, workers, ResourceUsage.NONE, beats);
    }

    public Beat heartbeat(String node, String incarnation, int workers, ResourceUsage own, List<WorkerBeat> beats) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            String before = tx.select(AGENT.STATE).from(AGENT).where(AGENT.NODE.eq(node).and(AGENT.INCARNATION.eq(incarnation)))
                    .forUpdate().fetchOne(AGENT.STATE);
            if (before == null) {
                return new Beat(false, false);
            }
            tx.update(AGENT).set(AGENT.HEARTBEAT_AT, DSL.currentOffsetDateTime()).set(AGENT.STATE, WorkerRegistry.RUNNING)
                    .set(AGENT.WORKERS, workers)
                    .set(AGENT.CPU_PERCENT, own.cpuPercent() == null ? null : own.cpuPercent().floatValue())
                    .set(AGENT.RSS_KB, own.rssKb()).set(AGENT.DISK_READ_BPS, own.diskReadBps()).set(AGENT.DISK_WRITE_BPS, own.diskWriteBps())
                    .set(AGENT.NET_RX_BPS, own.netRxBps()).set(AGENT.NET_TX_BPS, own.netTxBps()).set(AGENT.NET_SCOPE, own.netScope())
                    .where(AGENT.NODE.eq(node).and(AGENT.INCARNATION.eq(incarnation))).execute();
            if (!beats.isEmpty()) {
                int n = beats.size();
                String[] names = new String[n];
                String[] incarnations = new String[n];
                String[] states = new String[n];
                String[] jobs = new String[n];
                String[] tasks = new String[n];
                Long[] done = new Long[n];
                Long[] failed = new Long[n];
                Float[] cpu = new Float[n];
                Long[] rss = new Long[n];
                Long[] read = new Long[n];
                Long[] write = new Long[n];
                Long[] rx = new Long[n];
                Long[] txb = new Long[n];
                String[] scope = new String[n];
                for (int i = 0; i < n; i++) {
                    WorkerBeat b = beats.get(i);
                    names[i] = b.name();
                    incarnations[i] = b.incarnation();
                    states[i] = b.state();
                    jobs[i] = b.currentJob();
                    tasks[i] = b.currentTask() == null ? null : b.currentTask().length() > 200 ? b.currentTask().substring(0, 200) : b.currentTask();
                    done[i] = b.done();
                    failed[i] = b.failed();
                    ResourceUsage u = b.usage() == null ? ResourceUsage.NONE : b.usage();
                    cpu[i] = u.cpuPercent() == null ? null : u.cpuPercent().floatValue();
                    rss[i] = u.rssKb();
                    read[i] = u.diskReadBps();
                    write[i] = u.diskWriteBps();
                    rx[i] = u.netRxBps();
                    txb[i] = u.netTxBps();
                    scope[i] = u.netScope();
                }
                tx.execute("UPDATE {0} AS w SET heartbeat_at = now(), state = v.state, current_job = v.job, current_task = v.task, "
                                + "done_count = v.done, failed_count = v.failed, cpu_percent = v.cpu, rss_kb = v.rss, "
                                + "disk_read_bps = v.rd, disk_write_bps = v.wr, net_rx_bps = v.rx, net_tx_bps = v.tx, net_scope = v.scope "
                                + "FROM unnest({1}, {2}, {3}, {4}, {5}, {6}, {7}, {9}, {10}, {11}, {12}, {13}, {14}, {15}) "
                                + "AS v(name, incarnation, state, job, task, done, failed, cpu, rss, rd, wr, rx, tx, scope) "
                                + "WHERE w.name = v.name AND w.incarnation = v.incarnation AND w.agent = {8}",
                        WORKER, DSL.val(names), DSL.val(incarnations), DSL.val(states), DSL.val(jobs), DSL.val(tasks),
                        DSL.val(done), DSL.val(failed), DSL.val(node), DSL.val(cpu), DSL.val(rss), DSL.val(read), DSL.val(write),
                        DSL.val(rx), DSL.val(txb), DSL.val(scope));
            }
            return new Beat(true, WorkerRegistry.DEAD.equals(before));
        });
    }

    /** One served worker's line in the agent's heartbeat; {@code usage} what the agent measured of its process. */
    public record WorkerBeat(String name, String incarnation, String state, String currentJob, String currentTask, long done, long failed,
                             ResourceUsage usage) {
        public WorkerBeat(String name, String incarnation, String state, String currentJob, String currentTask, long done, long failed) {
            this(name, incarnation, state, currentJob, currentTask, done, failed, ResourceUsage.NONE);
        }
    }

    /** Marks the worker stopped (it left cleanly) or dead (its process or channel went away), in the caller's transaction. */
    public static void workerEnded(DSLContext tx, String name, String incarnation, String state, long done, long failed) {
        tx.update(WORKER)
                .set(WORKER.STATE, state)
                .set(WORKER.STOPPED_AT, DSL.currentOffsetDateTime())
                .setNull(WORKER.CURRENT_JOB).setNull(WORKER.CURRENT_TASK)
                .set(WORKER.DONE_COUNT, done).set(WORKER.FAILED_COUNT, failed)
                .where(WORKER.NAME.eq(name).and(WORKER.INCARNATION.eq(incarnation)))
                .execute();
    }

    /** Marks the agent stopped at a clean stop. */
    public void deregister(String node, String incarnation) {
        dsl.update(AGENT).set(AGENT.STATE, WorkerRegistry.STOPPED).set(AGENT.STOPPED_AT, DSL.currentOffsetDateTime()).set(AGENT.WORKERS, 0)
                .where(AGENT.NODE.eq(node).and(AGENT.INCARNATION.eq(incarnation))).execute();
    }

    /**
     * Marks agents whose heartbeat is older than the limit as dead, and the running workers they serve
     * with them; returns the nodes. Not while the database itself is younger than the limit (after a
     * PostgreSQL restart every heartbeat is old). The workers' rows then carry the take-back as for any
     * dead worker.
     */
    public List<String> markStale(int staleSeconds) {
        var fresh = DSL.field("pg_postmaster_start_time()", SQLDataType.TIMESTAMPWITHTIMEZONE).lt(DbClock.secondsAgo(staleSeconds));
        List<String> nodes = dsl.update(AGENT).set(AGENT.STATE, WorkerRegistry.DEAD)
                .where(AGENT.STATE.in(WorkerRegistry.RUNNING, WorkerRegistry.STOPPING).and(AGENT.HEARTBEAT_AT.lt(DbClock.secondsAgo(staleSeconds))).and(fresh))
                .returningResult(AGENT.NODE)
                .fetch(AGENT.NODE);
        return nodes;
    }

    /** Workers an agent serves (registered with one and not stopped): the dispatcher does not fill their queues. */
    public Set<String> servedWorkers() {
        return new HashSet<>(dsl.select(WORKER.NAME).from(WORKER)
                .where(WORKER.AGENT.isNotNull().and(WORKER.STATE.in(WorkerRegistry.RUNNING, WorkerRegistry.STOPPING)))
                .fetch(WORKER.NAME));
    }

    /** The node's workers with the jobs they are assigned, for the agent: job name to worker names. */
    public Map<String, Set<String>> assignmentsOfNode(String node) {
        Map<String, Set<String>> out = new java.util.HashMap<>();
        dsl.select(ASSIGNMENT.JOB, ASSIGNMENT.WORKER).from(ASSIGNMENT)
                .where(DSL.left(ASSIGNMENT.WORKER, node.length() + 1).eq(node + "."))
                .fetch()
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashSet<>()).add(r.value2()));
        return out;
    }

    /** The rows the agent of the node left in pampa.worker: workers that ran under an earlier agent process. */
    public List<String> workersOf(String node) {
        return dsl.select(WORKER.NAME).from(WORKER).where(WORKER.AGENT.eq(node)).fetch(WORKER.NAME);
    }

    /** Marks the node's served workers that are not in {@code keep} as dead (an earlier agent process's workers). */
    public int markEarlierWorkersDead(String node, java.util.Collection<String> keep) {
        var q = dsl.update(WORKER).set(WORKER.STATE, WorkerRegistry.DEAD)
                .where(WORKER.AGENT.eq(node).and(WORKER.STATE.in(WorkerRegistry.RUNNING, WorkerRegistry.STOPPING)));
        return keep.isEmpty() ? q.execute() : q.and(WORKER.NAME.notIn(keep)).execute();
    }

    public AgentRecord find(String node) {
        return dsl.selectFrom(AGENT).where(AGENT.NODE.eq(node)).fetchOne();
    }

    /** What the agent's disk watch last found under its base directory; flagged in status and the cockpit while low. */
    public void recordDisk(String node, String incarnation, long freeMb, long minFreeMb, boolean low) {
        dsl.update(AGENT).set(AGENT.FREE_DISK_MB, freeMb).set(AGENT.MIN_FREE_DISK_MB, minFreeMb).set(AGENT.DISK_LOW, low)
                .where(AGENT.NODE.eq(node).and(AGENT.INCARNATION.eq(incarnation))).execute();
    }
}
