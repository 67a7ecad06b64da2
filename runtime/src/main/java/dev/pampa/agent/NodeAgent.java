package dev.pampa.agent;

import dev.pampa.store.ConnectionCleanup;
import dev.pampa.api.WorkerLoad;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.AgentRegistry;
import dev.pampa.store.Database;
import dev.pampa.store.ReadOnlyAccess;
import dev.pampa.store.EventLog;
import dev.pampa.store.JobStore;
import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.StatementBatch;
import dev.pampa.store.TaskTable;
import dev.pampa.store.WakeUps;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.jobcode.JobFunctions;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.LocalHost;
import dev.pampa.process.ProcessSampler;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: the only database client of its node's workers (ADR 0005). It holds one
 * connection for its work and one for LISTEN, whatever the number of workers.
 *
 * <p>One thread, the loop, does every database statement. Each cycle is one transaction: the
 * outcomes the workers sent since the last one (set-based, fenced by worker and try), the ends of
 * workers that left or died, then per job one statement starting queued tasks and one reserving
 * pending ones for every worker that wants more, within the job's assignment and its occupied and
 * allowing functions. Only after the commit are the started tasks sent to the workers, so a worker
 * never runs a try the database has not counted.
 */
public final class NodeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final int JOB_REFRESH_MILLIS = 2_000;
    private static final int ASSIGNMENT_REFRESH_MILLIS = 1_000;
    private static final long STOP_GRACE_MILLIS = 60_000;
    private static final int ERROR_TEXT_MAX = 8_000;
    /** The first line of the error of a try during which its worker's process ended. */
    public static final String KILLED_ITS_WORKER = "killed its worker: the worker's process ended during this try"
            + " (the processor called System.exit, crashed the JVM, or the process was killed)";

    private final Database db;
    private final String node;
    private final String version;
    private final String incarnation = UUID.randomUUID().toString();
    private final Path socketPath;
    private final JobsPath jobsPath;
    private final AgentSettings settings;
    private final StopSignal stop;
    private final AgentRegistry registry;
    private final LinkedBlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final Map<String, WorkerLink> links = new LinkedHashMap<>();
    private final Map<String, AgentJob> jobs = new LinkedHashMap<>();
    private final Map<String, String> jobErrors = new HashMap<>();
    private Map<String, Set<String>> assigned = new HashMap<>();
    private final List<Write> writes = new ArrayList<>();
    private final List<Ending> endings = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private boolean lastCommitUncertain;
    private boolean careful;
    private long jobsLoadedAt;
    private long assignedLoadedAt;
    private long lastBeat;
    private final DiskWatch disk;
    private long diskRecordedAt;
    private long lastLoopNanos;
    private long cycles;
    private volatile boolean stopping;
    /** When a heartbeat last reached the database; the lease watch compares it with the first level's patience. */
    private volatile long lastBeatOkMillis = System.currentTimeMillis();
    private final java.util.Set<WorkerLink> openLinks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AgentStats stats = new AgentStats();
    /** Each heartbeat measures the workers' processes and the agent's own, so the operator sees whether a limit holds. */
    private final ProcessSampler sampler = new ProcessSampler();
    private final WorkerSupervisor supervisor;

    /** An outcome waiting to be written, with the worker whose fence it carries. */
    private record Write(String worker, Message.Outcome outcome) {
    }

    /** A worker that left (stopped) or died, whose end is written in the next cycle. */
    private record Ending(WorkerLink link, boolean died, String cause) {
    }

    /** A frame refused, recorded as an event in the next cycle. */
    private record Refusal(String worker, String job, Object key, String message) {
    }

    public NodeAgent(Database db, String node, String version, Path socketPath, JobsPath jobsPath, AgentSettings settings, StopSignal stop) {
        this(db, node, version, socketPath, jobsPath, settings, new DiskWatch(socketPath.toAbsolutePath().getParent(), 0), stop, null);
    }

    /**
     * With {@code disk} watched at each heartbeat (while it is low, no new task is taken for the
     * workers), and restarting its workers that die or ask for it ({@link WorkerSupervisor}), given the
     * node's base directory (its run/ and logs/); none when {@code superviseBase} is null.
     */
    public NodeAgent(Database db, String node, String version, Path socketPath, JobsPath jobsPath, AgentSettings settings, DiskWatch disk,
                     StopSignal stop, Path superviseBase) {
        this.disk = disk;
        this.supervisor = new WorkerSupervisor(superviseBase);
        this.db = db;
        this.node = node;
        this.version = version;
        this.socketPath = socketPath;
        this.jobsPath = jobsPath;
        this.settings = settings;
        this.stop = stop;
        this.registry = new AgentRegistry(db.dsl());
    }

    public String node() {
        return node;
    }

    /** Figures for benchmarks and tests: cycles run, tasks sent, outcomes written. */
    public AgentStats stats() {
        return stats;
    }

    /**
     * Serves the node's workers until a stop is requested; then asks them to stop, writes what they
     * hand back, and deregisters.
     *
     * @throws AgentRegistry.NodeTakenException when a live agent of the node runs elsewhere
     */
    public void run() {
        long pid = ProcessHandle.current().pid();
        registry.register(node, LocalHost.name(), pid, version, incarnation, socketPath.toAbsolutePath().toString(), settings.staleSeconds());
        new EventLog(db.dsl()).record(EventLog.AGENT_STARTED, null, null, null, "agent of " + node + ", pid " + pid + " on " + LocalHost.name());
        refreshJobsIfDue(true);
        recoverFromEarlierRun();
        try (AgentSocket socket = AgentSocket.bind(socketPath)) {
            socket.acceptInto(link -> {
                openLinks.add(link);
                link.start(e -> {
                    if (e instanceof AgentEvent.Closed) {
                        openLinks.remove(link);
                    }
                    events.add(e);
                });
                events.add(new AgentEvent.Connected(link));
            });
            Thread listener = new Thread(this::listen, "agent-listen");
            listener.setDaemon(true);
            listener.start();
            Thread leaseWatch = new Thread(this::watchLease, "agent-lease-watch");
            leaseWatch.setDaemon(true);
            leaseWatch.start();
            LOG.info("agent of node {} serves workers on {} (pid {})", node, socket.path(), pid);
            loop();
        } finally {
            stopping = true;
        }
    }

    private void loop() {
        long backoff = 0;
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            if (stop.requested() && !stopping) {
                stopping = true;
                stopDeadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
                LOG.info("agent of {} stopping: asking {} worker(s) to hand back and stop", node, links.size());
                links.values().forEach(l -> l.send(new Message.Stop("the node's agent is stopping")));
            }
            if (stopping && links.isEmpty() && endings.isEmpty() && writes.isEmpty()) {
                break;
            }
            if (stopping && System.currentTimeMillis() > stopDeadline) {
                for (WorkerLink l : new ArrayList<>(links.values())) {
                    LOG.warn("{} did not stop within {} s; taking its tasks back", l.label(), STOP_GRACE_MILLIS / 1000);
                    l.close();
                }
                stopDeadline = Long.MAX_VALUE;
            }
            long nowNanos = System.nanoTime();
            if (nowNanos - lastLoopNanos > settings.heartbeatMillis() * 2_000_000L && lastLoopNanos != 0) {
                // this process was stopped (SIGSTOP, a VM pause), not its workers: their frames wait in the
                // sockets, so their silence must not count against them
                LOG.warn("the agent's loop stood still for {} s (the process paused, or a statement waiting on the database); its workers' silence meanwhile is not held against them", (nowNanos - lastLoopNanos) / 1_000_000_000L);
                links.values().forEach(l -> l.lastHeardNanos = nowNanos);
            }
            lastLoopNanos = nowNanos;
            supervisor.restartDue(stopping);
            try {
                heartbeatIfDue();
                refreshJobsIfDue(false);
                refreshAssignmentIfDue();
                boolean any = drainEvents(0);
                cycle();
                backoff = 0;
                if (!any) {
                    drainEvents(Math.max(1, Math.min(settings.pollMillis(), lastBeat + settings.heartbeatMillis() - System.currentTimeMillis())));
                }
            } catch (RuntimeException e) {
                backoff = backoff == 0 ? 250 : Math.min(backoff * 2, 5_000);
                if (Database.isTransient(e)) {
                    LOG.warn("database unreachable ({}); {} outcome(s) kept; retrying in {} ms", rootMessage(e), writes.size(), backoff);
                } else {
                    LOG.error("agent cycle failed; retrying in {} ms", backoff, e);
                    careful = true;
                }
                long until = System.currentTimeMillis() + backoff;
                while (System.currentTimeMillis() < until) {
                    drainEvents(Math.max(1, until - System.currentTimeMillis()));
                }
            }
        }
        try {
            registry.deregister(node, incarnation);
            new EventLog(db.dsl()).record(EventLog.AGENT_STOPPED, null, null, null, "agent of " + node + " stopped after " + stats.outcomes() + " outcome(s)");
        } catch (RuntimeException e) {
            LOG.warn("could not deregister ({}); the dispatcher marks the agent dead once its heartbeat is stale", rootMessage(e));
        }
        LOG.info("agent of {} stopped: {} task(s) sent, {} outcome(s) written in {} cycle(s)", node, stats.tasksSent(), stats.outcomes(), stats.cycles());
    }

    // ---- events from the workers' connections ----

    /** Handles every event queued, waiting up to {@code waitMillis} for the first. True if there was any. */
    private boolean drainEvents(long waitMillis) {
        List<AgentEvent> batch = new ArrayList<>();
        try {
            AgentEvent first = waitMillis > 0 ? events.poll(waitMillis, TimeUnit.MILLISECONDS) : events.poll();
            if (first == null) {
                return false;
            }
            batch.add(first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request();
            return false;
        }
        events.drainTo(batch);
        for (AgentEvent e : batch) {
            handle(e);
        }
        return true;
    }

    private void handle(AgentEvent event) {
        if (event instanceof AgentEvent.Connected) {
            return;
        }
        if (event instanceof AgentEvent.Woken) {
            // new tasks somewhere: every job may claim again at once
            jobs.values().forEach(j -> j.dryUntil = 0);
            return;
        }
        if (event instanceof AgentEvent.Closed c) {
            closed(c.link(), c.cause());
            return;
        }
        if (!(event instanceof AgentEvent.Received r)) {
            return;
        }
        WorkerLink link = r.link();
        Message m = r.message();
        link.lastHeardNanos = System.nanoTime();
        if (link.worker == null) {
            if (m instanceof Message.Hello h) {
                hello(link, h);
            } else {
                LOG.warn("{}: refused a {} before Hello; closing it", link.label(), m.getClass().getSimpleName());
                link.close();
            }
            return;
        }
        if (m instanceof Message.Outcome o) {
            outcome(link, o);
        } else if (m instanceof Message.Ping p) {
            link.currentJob = p.currentJob();
            link.currentTask = p.currentTask();
        } else if (m instanceof Message.JobProblem p) {
            jobProblem(link, p);
        } else if (m instanceof Message.Bye b) {
            link.leaving = true;
            link.restart = b.restart();
            LOG.info("{} is stopping; {} task(s) still to be answered", link.label(), link.inHand.size());
            endIfSettled(link);
        } else {
            refuse(link, null, null, "a " + m.getClass().getSimpleName() + " frame, which only the agent sends");
        }
    }

    private void hello(WorkerLink link, Message.Hello h) {
        String refusal = null;
        int dot = h.worker() == null ? -1 : h.worker().lastIndexOf('.');
        if (h.protocol() != Message.PROTOCOL) {
            refusal = "the worker speaks protocol " + h.protocol() + " and the agent " + Message.PROTOCOL + " — deploy the same runtime jar for both";
        } else if (dot <= 0 || !NodeSpec.validName(h.worker().substring(0, dot)) || !h.worker().substring(dot + 1).matches("[0-9]{1,4}")) {
            refusal = "worker name '" + h.worker() + "' is not NODE.N — name it " + node + ".N";
        } else if (!h.worker().substring(0, dot).equals(node)) {
            refusal = "worker " + h.worker() + " is not of node " + node + " — name it " + node + ".N or connect it to its own node's agent";
        } else if (links.containsKey(h.worker())) {
            refusal = "worker " + h.worker() + " is already connected to this agent — stop that one first or give this one another number";
        } else if (stopping) {
            refusal = "the agent of " + node + " is stopping";
        } else if (h.incarnation() == null || h.incarnation().length() > 36) {
            refusal = "the worker's incarnation id is missing or too long";
        }
        if (refusal == null) {
            try {
                registry.registerWorker(node, h.worker(), LocalHost.name(), h.pid(), version, h.incarnation(), settings.staleSeconds());
                new EventLog(db.dsl()).record(EventLog.WORKER_STARTED, null, h.worker(), null, "pid " + h.pid() + " on " + LocalHost.name() + ", served by the agent of " + node);
            } catch (WorkerRegistry.NameTakenException e) {
                refusal = e.getMessage();
            } catch (RuntimeException e) {
                refusal = "the agent cannot register the worker now (" + rootMessage(e) + ") — it retries when the worker reconnects";
                LOG.warn("cannot register {}: {}", h.worker(), rootMessage(e));
            }
        }
        if (refusal != null) {
            LOG.warn("refused {}: {}", h.worker() == null ? link.label() : "worker " + h.worker(), refusal);
            link.sendAndClose(new Message.Welcome(refusal));
            return;
        }
        link.worker = h.worker();
        link.incarnation = h.incarnation();
        link.pid = h.pid();
        links.put(link.worker, link);
        supervisor.connected(link.worker, link.pid);
        link.send(new Message.Welcome(null));
        for (AgentJob j : jobs.values()) {
            announce(link, j);
        }
        LOG.info("worker {} connected (pid {})", link.worker, link.pid);
    }

    private void outcome(WorkerLink link, Message.Outcome o) {
        WorkerLink.Held h = link.release(o.job(), o.key(), o.tryNumber());
        if (h == null) {
            refuse(link, o.job(), o.key(), "an outcome for task " + o.key() + " of " + o.job() + " (try " + o.tryNumber() + "), which it does not hold");
            return;
        }
        writes.add(new Write(link.worker, o));
        AgentJob j = jobs.get(o.job());
        if (o.kind() == Message.Kind.DONE) {
            link.done++;
        } else if (o.kind() == Message.Kind.FAILED) {
            link.failed++;
        }
        if (j != null && o.kind() != Message.Kind.HANDED_BACK) {
            j.observe(o.nanos());
        }
        if (link.leaving) {
            endIfSettled(link);
        }
    }

    private void refuse(WorkerLink link, String job, Object key, String what) {
        link.refused++;
        LOG.warn("{}: refused {}", link.label(), what);
        refusals.add(new Refusal(link.worker, job, key, "refused " + what));
    }

    private void jobProblem(WorkerLink link, Message.JobProblem p) {
        try {
            if (p.problem() == null) {
                if (link.cannotRun.remove(p.job())) {
                    new WorkerRegistry(db.dsl()).clearJobProblem(link.worker, p.job());
                    LOG.info("job {} can run on {} now", p.job(), link.worker);
                }
            } else if (link.cannotRun.add(p.job())) {
                LOG.error("job {} cannot run on {}: {}", p.job(), link.worker, p.problem());
                new WorkerRegistry(db.dsl()).reportJobProblem(link.worker, p.job(), p.problem());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot record the job problem of {}: {}", link.worker, rootMessage(e));
        }
    }

    private void closed(WorkerLink link, String cause) {
        if (link.worker == null || links.get(link.worker) != link) {
            if (link.worker == null) {
                LOG.info("{} {}", link.label(), cause);
            }
            return;
        }
        if (endings.stream().anyMatch(e -> e.link() == link)) {
            return;
        }
        boolean settled = link.leaving && link.inHand.isEmpty();
        if (!settled) {
            LOG.warn("{} {}: {} task(s) in its hands go back", link.label(), cause, link.inHand.size());
        }
        endings.add(new Ending(link, !settled, cause));
    }

    private void endIfSettled(WorkerLink link) {
        if (link.leaving && link.inHand.isEmpty() && endings.stream().noneMatch(e -> e.link() == link)) {
            endings.add(new Ending(link, false, "stopped"));
        }
    }

    // ---- the cycle ----

    private void cycle() {
        if (lastCommitUncertain) {
            giveBackOrphans();
        }
        List<JobPlan> plans = stopping || disk.low() ? List.of() : CyclePlanner.plan(jobs.values(), assigned, links, settings, cycles, System.nanoTime());
        if (writes.isEmpty() && endings.isEmpty() && refusals.isEmpty() && plans.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        long[] steps = new long[4];
        List<Write> batch = new ArrayList<>(writes);
        List<Ending> ends = new ArrayList<>(endings);
        List<Refusal> refused = new ArrayList<>(refusals);
        Map<String, List<Record>> started = new LinkedHashMap<>();
        List<Write> rejected = new ArrayList<>();
        try {
            db.dsl().connection(c -> {
                c.setAutoCommit(false);
                try {
                    DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                    // the driver prepares a statement on the server after five runs, and PostgreSQL's generic
                    // plan for array parameters of unknown size scanned the table per outcome (seconds a cycle)
                    tx.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                    List<Write> all = new ArrayList<>(batch);
                    for (Ending e : ends) {
                        all.addAll(endingWrites(e));
                    }
                    rejected.addAll(writeOutcomes(c, tx, all));
                    steps[0] = System.nanoTime();
                    for (Ending e : ends) {
                        writeEnding(tx, e);
                    }
                    EventLog events = new EventLog(tx);
                    for (Refusal r : refused) {
                        events.record(EventLog.FRAME_REFUSED, r.job(), r.worker(), r.key(), r.message());
                    }
                    steps[1] = System.nanoTime();
                    for (JobPlan p : plans) {
                        runPlan(c, tx, p, started);
                    }
                    steps[2] = System.nanoTime();
                    c.commit();
                    steps[3] = System.nanoTime();
                } catch (Throwable e) {
                    ConnectionCleanup.rollbackQuietly(c);
                    throw e;
                } finally {
                    ConnectionCleanup.resetQuietly(c);
                }
            });
        } catch (RuntimeException e) {
            if (Database.isTransient(e)) {
                lastCommitUncertain = true;
            }
            throw e;
        }
        careful = false;
        cycles++;
        stats.cycle(System.nanoTime() - t0, batch.size());
        writes.subList(0, batch.size()).clear();
        endings.removeAll(ends);
        refusals.subList(0, refused.size()).clear();
        for (Write w : rejected) {
            LOG.warn("task {} of {}: the {} of try {} by {} was rejected: the task was taken back meanwhile",
                    w.outcome().key(), w.outcome().job(), describe(w.outcome().kind()), w.outcome().tryNumber(), w.worker());
        }
        for (Ending e : ends) {
            e.link().inHand.clear();
            links.remove(e.link().worker, e.link());
            jobs.values().forEach(j -> j.queued.remove(e.link().worker));
            if (!e.died()) {
                e.link().sendAndClose(new Message.ByeAck(0));
                LOG.info("worker {} stopped: {} done, {} failed", e.link().worker, e.link().done, e.link().failed);
                if (e.link().restart != null) {
                    supervisor.ended(e.link().worker, "stopped to be restarted (" + e.link().restart + ")");
                } else {
                    supervisor.stopped(e.link().worker);
                }
            } else {
                e.link().close();
                supervisor.ended(e.link().worker, e.cause());
            }
        }
        send(started);
        long t1 = System.nanoTime();
        if (t1 - t0 > 1_000_000_000L) {
            LOG.warn("a slow cycle: {} ms (outcomes {} ms for {}, endings {} ms, starts and claims {} ms for {} slot(s), commit {} ms, after {} ms)",
                    (t1 - t0) / 1_000_000, (steps[0] - t0) / 1_000_000, batch.size(), (steps[1] - steps[0]) / 1_000_000,
                    (steps[2] - steps[1]) / 1_000_000, plans.stream().mapToInt(p -> p.slotWorkers().size()).sum(),
                    (steps[3] - steps[2]) / 1_000_000, (t1 - steps[3]) / 1_000_000);
        }
    }

    private void runPlan(Connection c, DSLContext tx, JobPlan p, Map<String, List<Record>> started) throws Exception {
        AgentJob job = p.job();
        String idColumn = job.stored.spec().fields().id();
        String startColumn = job.stored.spec().fields().startTime();
        try {
            Result<Record> fromQueue = careful ? savepoint(c, () -> startQueued(tx, p)) : startQueued(tx, p);
            Result<Record> claimed = careful ? savepoint(c, () -> claim(tx, p)) : claim(tx, p);
            for (Record r : fromQueue) {
                String w = r.get(idColumn, String.class);
                started.computeIfAbsent(job.name() + "\u0000" + w, k -> new ArrayList<>()).add(r);
            }
            for (Record r : claimed) {
                String w = r.get(idColumn, String.class);
                if (r.get(startColumn) != null) {
                    started.computeIfAbsent(job.name() + "\u0000" + w, k -> new ArrayList<>()).add(r);
                } else {
                    job.reserved(w, job.tasks.keyOf(r));
                }
            }
            if (claimed.size() < p.slotWorkers().size()) {
                job.dryUntil = System.nanoTime() + settings.pollMillis() * 1_000_000L;
            }
            if (job.lastError != null) {
                job.lastError = null;
                LOG.info("job {} is served again", job.name());
            }
        } catch (JobFailure e) {
            String msg = rootMessage(e.getCause());
            if (!msg.equals(job.lastError)) {
                LOG.error("job {} cannot be served on {}: {}; leaving it for {} ms", job.name(), node, msg, JOB_REFRESH_MILLIS);
            }
            job.lastError = msg;
            job.failingUntil = System.nanoTime() + JOB_REFRESH_MILLIS * 1_000_000L;
        }
    }

    private Result<Record> startQueued(DSLContext tx, JobPlan p) {
        List<Object> keys = new ArrayList<>();
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < p.startWorkers().size(); i++) {
            String w = p.startWorkers().get(i);
            for (Object key : p.job().takeQueued(w, p.startCounts().get(i))) {
                keys.add(key);
                workers.add(w);
            }
        }
        return p.job().tasks.startQueued(tx, keys, workers.toArray(String[]::new));
    }

    private Result<Record> claim(DSLContext tx, JobPlan p) {
        return p.slotWorkers().isEmpty() ? tx.newResult()
                : p.job().tasks.claim(tx, p.slotWorkers().toArray(String[]::new), p.slotStarts().toArray(Boolean[]::new), p.job().functions.selecting(), settings.maxRowBytes());
    }

    /** A job's statement failed for a reason of the job's (in careful mode, under a savepoint rolled back). */
    private static final class JobFailure extends RuntimeException {
        JobFailure(Throwable cause) {
            super(cause);
        }
    }

    /** Runs the step under a savepoint: a job whose table is broken must not undo the other jobs' writes. */
    private static <T> T savepoint(Connection c, java.util.concurrent.Callable<T> step) throws Exception {
        java.sql.Savepoint sp = c.setSavepoint();
        try {
            T r = step.call();
            c.releaseSavepoint(sp);
            return r;
        } catch (RuntimeException e) {
            if (Database.isTransient(e)) {
                throw e;
            }
            c.rollback(sp);
            throw new JobFailure(e);
        }
    }

    /**
     * Writes the outcomes, fenced: done tries per job and staged values as one statement over all the
     * workers, failures and hand-backs as one JDBC batch. Returns those the fence rejected.
     */
    private List<Write> writeOutcomes(Connection c, DSLContext tx, List<Write> all) throws Exception {
        List<Write> rejected = new ArrayList<>();
        Map<String, List<Write>> byJob = new LinkedHashMap<>();
        for (Write w : all) {
            byJob.computeIfAbsent(w.outcome().job(), k -> new ArrayList<>()).add(w);
        }
        EventLog events = new EventLog(tx);
        for (Map.Entry<String, List<Write>> e : byJob.entrySet()) {
            AgentJob job = jobs.get(e.getKey());
            if (job == null) {
                LOG.warn("{} outcome(s) of job {}, which no longer exists, are dropped", e.getValue().size(), e.getKey());
                continue;
            }
            if (careful) {
                try {
                    rejected.addAll(savepoint(c, () -> writeJobOutcomes(c, tx, job, e.getValue(), events)));
                } catch (JobFailure f) {
                    rejected.addAll(writeOneByOne(c, tx, job, e.getValue(), events, f.getCause()));
                }
            } else {
                rejected.addAll(writeJobOutcomes(c, tx, job, e.getValue(), events));
            }
        }
        return rejected;
    }

    private List<Write> writeJobOutcomes(Connection c, DSLContext tx, AgentJob job, List<Write> ws, EventLog events) throws Exception {
        List<Write> rejected = new ArrayList<>();
        Map<Map<String, Object>, List<Write>> doneGroups = new LinkedHashMap<>();
        List<Write> single = new ArrayList<>();
        for (Write w : ws) {
            if (w.outcome().kind() == Message.Kind.DONE && w.outcome().key() != null) {
                doneGroups.computeIfAbsent(w.outcome().staged(), k -> new ArrayList<>()).add(w);
            } else {
                single.add(w);
            }
        }
        for (Map.Entry<Map<String, Object>, List<Write>> g : doneGroups.entrySet()) {
            List<Write> group = g.getValue();
            Class<?> keyClass = group.get(0).outcome().key().getClass();
            if (group.stream().anyMatch(w -> w.outcome().key().getClass() != keyClass)) {
                single.addAll(group);
                continue;
            }
            Set<Object> written = job.tasks.finishDone(tx, group.stream().map(w -> w.outcome().key()).toList(),
                    group.stream().map(Write::worker).toArray(String[]::new),
                    group.stream().map(w -> w.outcome().tryNumber()).toArray(Integer[]::new), g.getKey());
            group.stream().filter(w -> !written.contains(w.outcome().key())).forEach(rejected::add);
        }
        if (!single.isEmpty()) {
            TaskTable t = job.table();
            List<Query> queries = new ArrayList<>();
            for (Write w : single) {
                Message.Outcome o = w.outcome();
                queries.add(switch (o.kind()) {
                    case DONE -> t.finishDone(tx, w.worker(), o.key(), o.tryNumber(), o.staged());
                    case FAILED -> t.finishFailed(tx, w.worker(), o.key(), o.tryNumber(), o.error() == null ? "" : o.error());
                    case HANDED_BACK -> t.unstart(tx, w.worker(), o.key(), o.tryNumber());
                });
            }
            int[] counts = StatementBatch.execute(c, queries);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    rejected.add(single.get(i));
                }
            }
        }
        boolean backToPending = false;
        int maxTries = job.stored.spec().maxTryTimes();
        Set<Write> refused = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        refused.addAll(rejected);
        for (Write w : ws) {
            Message.Outcome o = w.outcome();
            if (refused.contains(w)) {
                events.record(EventLog.LATE_FINISH_REJECTED, job.name(), w.worker(), o.key(),
                        "the " + describe(o.kind()) + " of try " + o.tryNumber() + " came after the task was taken back");
                continue;
            }
            if (o.kind() == Message.Kind.FAILED) {
                if (o.timedOut()) {
                    events.record(EventLog.TASK_TIMED_OUT, job.name(), w.worker(), o.key(),
                            "try " + o.tryNumber() + " ran longer than max_job_duration_minutes and was interrupted by the worker");
                }
                if (o.tryNumber() >= maxTries) {
                    events.record(EventLog.TASK_GIVEN_UP, job.name(), w.worker(), o.key(), "tries used up (max_try_times) after: " + firstLine(o.error()));
                } else {
                    backToPending = true;
                }
            } else if (o.kind() == Message.Kind.HANDED_BACK) {
                backToPending = true;
            }
        }
        if (backToPending) {
            job.dryUntil = 0;
        }
        stats.outcomes(ws.size() - rejected.size());
        return rejected;
    }

    /** A job whose set-based write failed: each outcome on its own; a done that cannot be written becomes a failed try. */
    private List<Write> writeOneByOne(Connection c, DSLContext tx, AgentJob job, List<Write> ws, EventLog events, Throwable why) throws Exception {
        LOG.error("job {}: its outcomes cannot be written together ({}); writing them one by one", job.name(), rootMessage(why));
        List<Write> rejected = new ArrayList<>();
        for (Write w : ws) {
            try {
                rejected.addAll(savepoint(c, () -> writeJobOutcomes(c, tx, job, List.of(w), events)));
            } catch (JobFailure f) {
                Message.Outcome o = w.outcome();
                if (o.kind() == Message.Kind.DONE) {
                    Message.Outcome asFailure = new Message.Outcome(o.job(), o.key(), o.tryNumber(), Message.Kind.FAILED, Map.of(),
                            "the result could not be written: " + rootMessage(f.getCause()), false, o.nanos());
                    try {
                        rejected.addAll(savepoint(c, () -> writeJobOutcomes(c, tx, job, List.of(new Write(w.worker(), asFailure)), events)));
                        continue;
                    } catch (JobFailure again) {
                        f = again;
                    }
                }
                LOG.error("task {} of {}: its {} cannot be written ({}); it is taken back when its try times out",
                        o.key(), job.name(), describe(o.kind()), rootMessage(f.getCause()));
            }
        }
        return rejected;
    }

    /**
     * What a worker's end writes for the tasks in its hands: a dead worker's first unanswered task was
     * the one it ran (they run in the order sent), so that try failed with the cause; the rest were
     * never begun and go back, try undone.
     */
    private List<Write> endingWrites(Ending e) {
        List<Write> out = new ArrayList<>();
        boolean first = true;
        for (WorkerLink.Held h : e.link().inHand) {
            Message.Outcome o;
            if (first && e.died()) {
                // the worker ran its tasks one at a time and sent each outcome before beginning the next, so
                // this one alone was running: whatever ended the process, only this try is charged. The first
                // line (the error group) names no worker, so a task that kills every worker it meets is one group
                o = new Message.Outcome(h.job(), h.key(), h.tryNumber(), Message.Kind.FAILED, Map.of(),
                        truncate(KILLED_ITS_WORKER + "\nworker " + e.link().worker + " " + e.cause() + " during the try"), false, 0);
            } else {
                o = new Message.Outcome(h.job(), h.key(), h.tryNumber(), Message.Kind.HANDED_BACK, Map.of(), null, false, 0);
            }
            first = false;
            out.add(new Write(e.link().worker, o));
        }
        return out;
    }

    private void writeEnding(DSLContext tx, Ending e) {
        WorkerLink l = e.link();
        int released = 0;
        for (AgentJob j : jobs.values()) {
            released += j.tasks.releaseQueues(tx, List.of(l.worker));
        }
        AgentRegistry.workerEnded(tx, l.worker, l.incarnation, e.died() ? WorkerRegistry.DEAD : WorkerRegistry.STOPPED, l.done, l.failed);
        EventLog events = new EventLog(tx);
        if (e.died()) {
            events.record(EventLog.WORKER_DIED, null, l.worker, null, "the worker " + e.cause() + "; " + l.inHand.size()
                    + " task(s) in its hands and " + released + " queued went back");
        } else {
            events.record(EventLog.WORKER_STOPPED, null, l.worker, null, "stopped after " + l.done + " done and " + l.failed
                    + " failed; gave back " + released + " queued task(s)");
        }
    }

    /** Sends each worker its started tasks, after the commit that started them. */
    private void send(Map<String, List<Record>> started) {
        for (Map.Entry<String, List<Record>> e : started.entrySet()) {
            String[] jw = e.getKey().split("\u0000", 2);
            AgentJob job = jobs.get(jw[0]);
            WorkerLink link = links.get(jw[1]);
            if (job == null || link == null) {
                continue;
            }
            if (link.isClosed()) {
                // the worker went away between plan and commit: held, these go back at its ending,
                // which its Closed event brings
                holdAll(link, job, e.getValue());
                continue;
            }
            announce(link, job);
            List<Message.TaskItem> items = holdAll(link, job, e.getValue());
            link.send(new Message.Tasks(job.name(), items));
            stats.sent(items.size());
        }
    }

    private List<Message.TaskItem> holdAll(WorkerLink link, AgentJob job, List<Record> rows) {
        String pk = job.stored.spec().fields().primaryKey();
        String times = job.stored.spec().fields().times();
        List<Record> ordered = new ArrayList<>(rows);
        List<Message.TaskItem> items = new ArrayList<>(rows.size());
        for (Record r : ordered) {
            Object key = r.get(pk);
            int tryNumber = ((Number) r.get(times)).intValue();
            link.hold(new WorkerLink.Held(job.name(), key, tryNumber));
            items.add(new Message.TaskItem(key, tryNumber, r.intoMap()));
        }
        return items;
    }

    private void announce(WorkerLink link, AgentJob job) {
        Object version = job.stored.spec();
        if (!version.equals(link.announced.get(job.name()))) {
            link.announced.put(job.name(), version);
            link.send(new Message.JobInfo(job.name(), job.stored.spec().processor(), job.limitMillis(), job.stored.spec().maxTryTimes()));
        }
    }

    /** After a commit whose outcome is unknown: give back started tasks nobody holds. */
    private void giveBackOrphans() {
        Set<String> mine = new HashSet<>(links.keySet());
        List<Object> held = new ArrayList<>();
        links.values().forEach(l -> l.inHand.forEach(h -> held.add(h.key())));
        writes.forEach(w -> held.add(w.outcome().key()));
        endings.forEach(e -> e.link().inHand.forEach(h -> held.add(h.key())));
        db.dsl().transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            for (AgentJob j : jobs.values()) {
                int n = j.tasks.unstartOrphans(tx, mine, held);
                if (n > 0) {
                    LOG.info("job {}: gave back {} task(s) a lost commit may have started", j.name(), n);
                }
            }
        });
        reloadQueued();
        lastCommitUncertain = false;
    }

    private void reloadQueued() {
        Set<String> mine = links.keySet();
        for (AgentJob j : jobs.values()) {
            j.queued.clear();
            if (!mine.isEmpty()) {
                try {
                    j.queued.putAll(j.tasks.queuedByWorker(db.dsl(), mine));
                } catch (RuntimeException e) {
                    if (Database.isTransient(e)) {
                        throw e;
                    }
                    LOG.debug("cannot count the queue of job {}", j.name(), e);
                }
            }
        }
    }

    /**
     * Tasks held by workers of an earlier process of this agent: those workers stopped when its
     * connection closed, so nobody runs them. Their running tries count as failed.
     */
    private void recoverFromEarlierRun() {
        List<String> earlier = registry.workersOf(node);
        if (earlier.isEmpty()) {
            return;
        }
        registry.markEarlierWorkersDead(node, List.of());
        for (AgentJob j : jobs.values()) {
            try {
                int n = db.dsl().transactionResult(cfg -> {
                    TaskTable.TakeBack t = j.table().takeBackFrom(DSL.using(cfg), earlier, "the node's agent restarted");
                    return t.released() + t.dead().size();
                });
                if (n > 0) {
                    LOG.info("job {}: took back {} task(s) left by the workers of an earlier agent of {}", j.name(), n, node);
                }
            } catch (RuntimeException e) {
                if (Database.isTransient(e)) {
                    throw e;
                }
                LOG.warn("job {}: cannot take back the tasks of an earlier agent's workers: {}", j.name(), rootMessage(e));
            }
        }
    }

    // ---- heartbeats and refreshes ----

    private void heartbeatIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastBeat < settings.heartbeatMillis()) {
            return;
        }
        lastBeat = now;
        long staleNanos = settings.staleSeconds() * 1_000_000_000L;
        List<AgentRegistry.WorkerBeat> beats = new ArrayList<>();
        for (WorkerLink l : links.values()) {
            if (System.nanoTime() - l.lastHeardNanos > staleNanos && !l.isClosed()) {
                LOG.warn("{} sent nothing for {} s (frozen?); treating it as dead", l.label(), settings.staleSeconds());
                l.close();
                continue;
            }
            if (!l.isClosed()) {
                beats.add(new AgentRegistry.WorkerBeat(l.worker, l.incarnation, l.leaving || stopping ? WorkerRegistry.STOPPING : WorkerRegistry.RUNNING,
                        l.currentTask == null ? null : l.currentJob, l.currentTask, l.done, l.failed, sampler.sample(l.pid)));
            }
        }
        long own = ProcessHandle.current().pid();
        List<Long> sampled = new ArrayList<>(List.of(own));
        links.values().forEach(l -> sampled.add(l.pid));
        sampler.keepOnly(sampled);
        AgentRegistry.Beat b = registry.heartbeat(node, incarnation, links.size(), sampler.sample(own), beats);
        long silentMillis = System.currentTimeMillis() - lastBeatOkMillis;
        lastBeatOkMillis = System.currentTimeMillis();
        if (silentMillis > revokeAfterMillis()) {
            LOG.warn("the database answers again after {} s without a heartbeat", silentMillis / 1000);
        }
        watchDisk(now);
        if (!b.stillOurs()) {
            LOG.error("another agent registered for node {}; stopping this one", node);
            stop.request();
        } else if (b.wasDead()) {
            LOG.warn("the dispatcher had declared this agent dead (frozen or cut off): its workers' tasks were taken back, and their late results are fenced out; serving again");
            reloadQueued();
        } else {
            reloadQueued();
        }
    }

    /** The base directory's free space, recorded when being low changes and at least every half minute. */
    private void watchDisk(long now) {
        if (disk.minFreeMb() <= 0) {
            return;
        }
        boolean changed = disk.check();
        if (changed) {
            String what = disk.low()
                    ? "only " + disk.freeMb() + " MB free under " + disk.path() + " (under " + disk.minFreeMb() + " MB): taking no new tasks for the workers"
                    : disk.freeMb() + " MB free under " + disk.path() + " again: taking tasks again";
            if (disk.low()) {
                LOG.error("node {}: {}", node, what);
            } else {
                LOG.info("node {}: {}", node, what);
            }
            new EventLog(db.dsl()).record(disk.low() ? EventLog.DISK_LOW : EventLog.DISK_OK, null, null, null, "node " + node + ": " + what);
        }
        if (changed || now - diskRecordedAt >= 30_000) {
            diskRecordedAt = now;
            registry.recordDisk(node, incarnation, disk.freeMb(), disk.minFreeMb(), disk.low());
        }
    }

    private void refreshAssignmentIfDue() {
        long now = System.currentTimeMillis();
        if (now - assignedLoadedAt < ASSIGNMENT_REFRESH_MILLIS) {
            return;
        }
        assignedLoadedAt = now;
        assigned = registry.assignmentsOfNode(node);
    }

    private void refreshJobsIfDue(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && now - jobsLoadedAt < JOB_REFRESH_MILLIS) {
            return;
        }
        jobsLoadedAt = now;
        Map<String, AgentJob> next = new LinkedHashMap<>();
        for (StoredJob s : new JobStore(db.dsl()).all()) {
            AgentJob existing = jobs.get(s.name());
            if (existing != null && existing.functions != null && existing.stored.spec().equals(s.spec())) {
                next.put(s.name(), existing.stored.updatedAt().equals(s.updatedAt()) ? existing : existing.with(s));
                continue;
            }
            JobFunctions functions = null;
            try {
                functions = JobFunctions.forDispatcher(s.spec(), jobsPath, new ReadOnlyAccess(db.dsl(), java.time.Duration.ofMillis(settings.functionTimeoutMillis())));
                jobErrors.remove(s.name());
            } catch (JobsPath.JobClassException e) {
                if (!e.getMessage().equals(jobErrors.put(s.name(), e.getMessage()))) {
                    LOG.error("job {} cannot be served on {}: {}", s.name(), node, e.getMessage());
                }
            }
            next.put(s.name(), new AgentJob(s, functions));
        }
        jobs.clear();
        jobs.putAll(next);
        for (WorkerLink l : links.values()) {
            for (AgentJob j : jobs.values()) {
                announce(l, j);
            }
        }
    }

    /**
     * Two heartbeats short of the first level's patience (at least half of it): the first level takes a
     * silent agent's tasks back after staleSeconds, so its workers must have let go of them before,
     * whether this agent is cut off from the database or stuck in a statement that does not return.
     */
    private long revokeAfterMillis() {
        long stale = settings.staleSeconds() * 1_000L;
        return Math.max(stale / 2, stale - 2L * settings.heartbeatMillis());
    }

    /**
     * Runs beside the loop, which may hang in a statement on a cut network: once no heartbeat has
     * reached the database for {@link #revokeAfterMillis()}, tells every worker to give back what it
     * has not begun and abandon the running try, once per silence.
     */
    private void watchLease() {
        boolean revoked = false;
        long tick = Math.max(50, Math.min(250, settings.heartbeatMillis() / 4));
        while (!stopping) {
            long silentMillis = System.currentTimeMillis() - lastBeatOkMillis;
            if (silentMillis <= revokeAfterMillis()) {
                revoked = false;
            } else if (!revoked) {
                revoked = true;
                String reason = "the node's agent has not reached the database for " + silentMillis / 1000 + " s; the dispatcher takes"
                        + " this node's tasks back after " + settings.staleSeconds() + " s";
                LOG.warn("no heartbeat reached the database for {} ms: revoking the tasks of {} worker(s) before the dispatcher takes them back",
                        silentMillis, openLinks.size());
                openLinks.forEach(l -> l.send(new Message.Revoke(reason)));
            }
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** LISTENs for new tasks (the INSERT trigger's notifications) on the agent's second connection; wakes the loop. */
    private void listen() {
        long backoff = 250;
        while (!stopping) {
            try (WakeUps.Listener l = new WakeUps.Listener(db.openDedicatedConnection(), WakeUps.DISPATCHER_CHANNEL, WakeUps.agentChannel(node))) {
                backoff = 250;
                while (!stopping) {
                    if (!l.await(250).isEmpty()) {
                        events.add(new AgentEvent.Woken());
                    }
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                LOG.debug("listening for wake-ups failed: {}", e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    // ---- helpers ----

    private static String describe(Message.Kind k) {
        return switch (k) {
            case DONE -> "done";
            case FAILED -> "failure";
            case HANDED_BACK -> "hand-back";
        };
    }

    private static String truncate(String s) {
        return s.length() <= ERROR_TEXT_MAX ? s : s.substring(0, ERROR_TEXT_MAX);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? "" : c.getMessage().lines().findFirst().orElse("");
        return c.getClass().getSimpleName() + ": " + m;
    }


}
