package dev.pampa.dispatch;

import dev.pampa.api.RelaunchingFunction;
import dev.pampa.api.WorkerLoad;
import dev.pampa.model.JobSpec;
import dev.pampa.store.AgentRegistry;
import dev.pampa.store.Assignments;
import dev.pampa.store.Database;
import dev.pampa.store.DispatcherLease;
import dev.pampa.store.EventLog;
import dev.pampa.store.JobStore;
import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.JobFigures;
import dev.pampa.store.ReadOnlyAccess;
import dev.pampa.model.Schedule;
import dev.pampa.jobcode.FailureLog;
import java.time.OffsetDateTime;
import dev.pampa.store.StatsHistory;
import dev.pampa.store.TaskTable;
import dev.pampa.store.WakeUps;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.jobcode.JobFunctions;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: holds the lease or stands by; while leading, each round takes back what ran too
 * long or whose worker died, and fills each assigned worker's queue up to {@code queue_size}.
 *
 * <p>Rounds run when a worker's queue runs dry or new tasks appear (NOTIFY), and at least every
 * {@code pollMillis}. Each job's claims run in one transaction that first checks the lease, so a
 * dispatcher that lost the lease cannot reserve anything.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int JOB_REFRESH_MILLIS = 2_000;
    private static final int MAX_EVENTS_PER_TAKE_BACK = 100;
    private static final int WORKERS_REFRESH_MILLIS = 1_000;
    /** Elastic assignment scales down only after wanting fewer workers this long, so a backlog that hovers does not flap. */
    private static final long SCALE_DOWN_AFTER_MILLIS = 30_000;

    private final Database db;
    private final String holder;
    private final String node;
    private final JobsPath jobsPath;
    private final DispatcherSettings settings;
    private final StopSignal stop;
    private final DispatcherLease lease;
    private final WorkerRegistry registry;
    private final EventLog events;
    private final Housekeeping housekeeping;
    private final ReadOnlyAccess readOnly;
    private final FailureLog functionFailures = new FailureLog(LOG);
    private final Map<String, JobDispatch> jobs = new LinkedHashMap<>();
    private final Map<String, String> jobErrors = new HashMap<>();
    private final Map<String, Long> pendingEstimate = new HashMap<>();
    private long jobsLoadedAt;
    private long lastTakeBack;
    private long lastStats;
    private long workersLoadedAt;
    private List<String> live = List.of();
    private Map<String, Set<String>> assigned = new HashMap<>();
    private Map<String, Set<String>> cannotRun = new HashMap<>();
    /** Workers an agent serves: assigned like the others, but their agent fills their queues, not this round. */
    private Set<String> served = Set.of();
    private final Map<String, Long> wantedFewerSince = new HashMap<>();
    private double lastRoundMillis;
    private long rounds;
    private WakeUps.Listener listener;

    /** Raised inside a round when the lease is no longer ours. */
    private static final class LostLease extends RuntimeException {
        LostLease() {
            super("the dispatcher lease was taken by another dispatcher", null, false, false);
        }
    }

    public Dispatcher(Database db, String node, JobsPath jobsPath, DispatcherSettings settings, StopSignal stop) {
        this(db, node, jobsPath, settings, RetentionSettings.defaults(), stop);
    }

    /** With the history kept as {@code retention} says, the lease holder doing the upkeep between rounds. */
    public Dispatcher(Database db, String node, JobsPath jobsPath, DispatcherSettings settings, RetentionSettings retention, StopSignal stop) {
        this.db = db;
        this.housekeeping = new Housekeeping(db, retention);
        this.node = node;
        this.holder = node + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
        this.jobsPath = jobsPath;
        this.settings = settings;
        this.stop = stop;
        this.lease = new DispatcherLease(db.dsl(), settings.leaseSeconds());
        this.registry = new WorkerRegistry(db.dsl());
        this.events = new EventLog(db.dsl());
        this.readOnly = new ReadOnlyAccess(db.dsl(), java.time.Duration.ofMillis(settings.functionTimeoutMillis()));
    }

    public String holder() {
        return holder;
    }

    public void run() {
        LOG.info("dispatcher {} started", holder);
        boolean leading = false;
        long lastHold = 0;
        long backoff = 0;
        try {
            while (!stop.requested()) {
                try {
                    long now = System.currentTimeMillis();
                    if (!leading || now - lastHold >= settings.renewMillis()) {
                        DispatcherLease.Attempt a = lease.tryHold(holder, node, ProcessHandle.current().pid());
                        lastHold = now;
                        if (a.leading() && !leading) {
                            String msg = a.takenOver() ? "took over the lease from " + a.previousHolder() : "holds the lease";
                            LOG.info("dispatcher {} {}", holder, msg);
                            events.record(EventLog.LEASE_TAKEN, null, null, null, holder + " " + msg);
                            lastTakeBack = 0;
                            workersLoadedAt = 0;
                            jobsLoadedAt = 0;
                        } else if (!a.leading() && leading) {
                            LOG.warn("dispatcher {} lost the lease to {}; standing by", holder, a.holder());
                        }
                        leading = a.leading();
                        if (leading && lastRoundMillis > 0) {
                            lease.recordRound(holder, lastRoundMillis);
                        }
                    }
                    if (!leading) {
                        stop.await(settings.standbyPollMillis());
                        continue;
                    }
                    round();
                    backoff = 0;
                    awaitWakeUp();
                } catch (LostLease e) {
                    LOG.warn("dispatcher {}: {}; standing by", holder, e.getMessage());
                    events.record(EventLog.LEASE_LOST, null, null, null, holder + ": " + e.getMessage());
                    leading = false;
                } catch (RuntimeException e) {
                    backoff = backoff == 0 ? 250 : Math.min(backoff * 2, 10_000);
                    if (Database.isTransient(e)) {
                        LOG.warn("database unreachable ({}); retrying in {} ms", e.getMessage(), backoff);
                    } else {
                        LOG.error("dispatch round failed; retrying in {} ms", backoff, e);
                    }
                    closeListener();
                    stop.await(backoff);
                }
            }
        } finally {
            closeListener();
            if (leading) {
                try {
                    lease.release(holder);
                } catch (RuntimeException e) {
                    LOG.debug("could not release the lease; it expires by itself", e);
                }
            }
            LOG.info("dispatcher {} stopped", holder);
        }
    }

    /** One round: take-backs when due, then fill queues, then stats when due. */
    public void round() {
        long t0 = System.nanoTime();
        rounds++;
        refreshJobsIfDue();
        long now = System.currentTimeMillis();
        if (now - lastTakeBack >= settings.takeBackMillis()) {
            lastTakeBack = now;
            takeBack();
        }
        if (now - workersLoadedAt >= WORKERS_REFRESH_MILLIS) {
            // who is alive changes on the scale of heartbeats, not rounds: read it once a second
            workersLoadedAt = now;
            live = registry.live(settings.staleWorkerSeconds());
            assigned = new Assignments(db.dsl()).all();
            cannotRun = registry.jobProblems();
            served = new AgentRegistry(db.dsl()).servedWorkers();
        }
        Map<String, Integer> jobsPerWorker = new HashMap<>();
        assigned.values().forEach(ws -> ws.forEach(w -> jobsPerWorker.merge(w, 1, Integer::sum)));
        for (JobDispatch job : jobs.values()) {
            if (job.stored().paused() || job.functions() == null) {
                continue;
            }
            try {
                fill(job, assigned.getOrDefault(job.name(), Set.of()), jobsPerWorker);
            } catch (LostLease e) {
                throw e;
            } catch (RuntimeException e) {
                if (Database.isTransient(e)) {
                    throw e;
                }
                reportJobError(job.name(), e);
            }
        }
        if (now - lastStats >= settings.statsMillis()) {
            lastStats = now;
            snapshotStats();
        }
        lastRoundMillis = (System.nanoTime() - t0) / 1e6;
        // after the round's timing: the upkeep's minute-apart batches are not a round's latency
        housekeepingIfDue(now);
    }

    private void fill(JobDispatch job, Set<String> current, Map<String, Integer> jobsPerWorker) {
        JobSpec spec = job.stored().spec();
        long pending = pendingEstimate.getOrDefault(job.name(), 0L);
        Map<String, Integer> others = new HashMap<>(jobsPerWorker);
        current.forEach(w -> others.merge(w, -1, Integer::sum));
        Set<String> unable = cannotRun.getOrDefault(job.name(), Set.of());
        List<String> candidates = live.stream().filter(w -> !unable.contains(w)).toList();
        List<String> chosen = ElasticAssignment.choose(spec, candidates, current, pending, others);
        List<String> eligible = holdScaleDown(job.name(), chosen, current, candidates);
        boolean reassign = !new HashSet<>(eligible).equals(current);
        // the agents take tasks for their own workers: this round claims only for workers without one,
        // so its statements do not grow with the number of agent-served workers
        List<String> direct = served.isEmpty() ? eligible : eligible.stream().filter(w -> !served.contains(w)).toList();
        if (direct.isEmpty() && !reassign) {
            return;
        }
        fenced(tx -> {
            if (reassign) {
                new Assignments(tx).replace(job.name(), current, eligible);
            }
            if (reassign) {
                // the node agents of newly assigned workers need not wait for their next refresh
                eligible.stream().filter(served::contains).map(w -> w.substring(0, w.lastIndexOf('.'))).distinct()
                        .forEach(node -> WakeUps.notify(tx, WakeUps.agentChannel(node), job.name()));
            }
            if (direct.isEmpty()) {
                return;
            }
            Map<String, int[]> load = job.table().loadByWorker(tx, direct);
            // start each round with the next worker, so that scarce tasks are spread rather than all
            // going to the first name
            List<String> order = new ArrayList<>(direct);
            if (!order.isEmpty()) {
                Collections.rotate(order, -(int) (rounds % order.size()));
            }
            for (String w : order) {
                int[] qr = load.getOrDefault(w, new int[2]);
                WorkerLoad wl = new WorkerLoad(w, job.name(), qr[0], qr[1]);
                int occupied = job.functions().occupied().occupied(wl);
                if (!job.functions().allowing().allows(wl, occupied, spec.queueSize())) {
                    continue;
                }
                int want = spec.queueSize() - occupied;
                if (want <= 0) {
                    continue;
                }
                int got = job.table().claim(tx, w, want, job.functions().selecting());
                if (got > 0) {
                    WakeUps.notify(tx, WakeUps.workerChannel(w), job.name());
                }
                if (got < want) {
                    break;
                }
            }
        });
        if (reassign) {
            assigned.put(job.name(), new HashSet<>(eligible));
            current.forEach(w -> jobsPerWorker.merge(w, -1, Integer::sum));
            eligible.forEach(w -> jobsPerWorker.merge(w, 1, Integer::sum));
            LOG.info("job {}: assigned workers {}", job.name(), eligible);
        }
    }

    /**
     * Keeps the current workers (those still alive and able) while the job has wanted fewer for less
     * than {@link #SCALE_DOWN_AFTER_MILLIS}; scaling up happens at once.
     */
    private List<String> holdScaleDown(String job, List<String> chosen, Set<String> current, List<String> candidates) {
        List<String> stillThere = current.stream().filter(candidates::contains).sorted().toList();
        if (chosen.size() >= stillThere.size()) {
            wantedFewerSince.remove(job);
            return chosen;
        }
        long since = wantedFewerSince.computeIfAbsent(job, j -> System.currentTimeMillis());
        if (System.currentTimeMillis() - since < SCALE_DOWN_AFTER_MILLIS) {
            return stillThere;
        }
        wantedFewerSince.remove(job);
        return chosen;
    }

    /** Dead workers' tasks, overdue tries, paused jobs' queues, relaunches, and the pending counts elastic assignment uses. */
    private void takeBack() {
        for (String node : new AgentRegistry(db.dsl()).markStale(settings.staleWorkerSeconds())) {
            LOG.warn("the agent of node {} died: no heartbeat for {} s; its workers' tasks are taken back", node, settings.staleWorkerSeconds());
            events.record(EventLog.AGENT_DIED, null, null, null, "agent of " + node + ": no heartbeat for " + settings.staleWorkerSeconds() + " s");
        }
        List<String> died = registry.markStale(settings.staleWorkerSeconds());
        for (String w : died) {
            LOG.warn("worker {} died: no heartbeat for {} s; taking back its tasks", w, settings.staleWorkerSeconds());
            events.record(EventLog.WORKER_DIED, null, w, null, "no heartbeat for " + settings.staleWorkerSeconds() + " s");
        }
        List<String> gone = registry.notRunning();
        for (JobDispatch job : jobs.values()) {
            // each step in a transaction of its own: a relaunching function that fails in SQL must not
            // undo the take-back of dead workers' and overdue tasks
            guarded(job, () -> takeBackTasks(job, gone));
            if (job.functions() != null && job.functions().relaunching() != RelaunchingFunction.DEFAULT) {
                guarded(job, () -> fenced(tx -> {
                    int n = job.table().relaunch(tx, job.functions().relaunching().relaunch(job.table()));
                    if (n > 0) {
                        LOG.info("job {}: relaunched {} task(s)", job.name(), n);
                    }
                }));
            }
            if (job.stored().spec().schedule() != null) {
                guarded(job, () -> fireIfDue(job));
            }
            JobSpec spec = job.stored().spec();
            if (spec.elastic()) {
                int cap = spec.maxPendingTasks() == null ? 1 : (int) Math.min(Integer.MAX_VALUE, (long) spec.maxPendingTasks() * spec.maxAssignedWorkers());
                guarded(job, () -> pendingEstimate.put(job.name(), job.table().countPending(db.dsl(), cap)));
            }
        }
    }

    /**
     * A recurring job's firing: when its stored next firing has come (on the database's clock), its done
     * tasks go back to pending and the next firing is stored, in one transaction under the lease, so a
     * dispatcher that takes over neither repeats nor skips it. Firings missed while no dispatcher ran
     * count as one. The first time, only the next firing is computed.
     */
    private void fireIfDue(JobDispatch job) {
        Schedule schedule = job.stored().spec().recurring();
        fenced(tx -> {
            JobStore store = new JobStore(tx);
            OffsetDateTime due = store.lockFiring(job.name()).orElse(null);
            OffsetDateTime now = store.databaseNow();
            if (due != null && due.isAfter(now)) {
                return;
            }
            int relaunched = due == null || job.stored().paused() ? 0 : job.table().relaunchDone(tx);
            OffsetDateTime next = schedule.nextAfter(now.toInstant()).map(i -> i.atOffset(java.time.ZoneOffset.UTC)).orElse(null);
            store.moveFiring(job.name(), due, next);
            if (due != null) {
                LOG.info("job {}: schedule '{}' fired: {} done task(s) relaunched{}", job.name(), schedule.expression(), relaunched,
                        job.stored().paused() ? " (none: the job is paused)" : "");
                new EventLog(tx).record(EventLog.JOB_FIRED, job.name(), null, null,
                        relaunched + " done task(s) relaunched by schedule '" + schedule.expression() + "'; next firing " + (next == null ? "never" : next));
            }
        });
    }

    /** Dead workers' tasks, overdue tries and a paused job's queues, with their events, in one transaction. */
    private void takeBackTasks(JobDispatch job, List<String> gone) {
        fenced(tx -> {
            TaskTable t = job.table();
            EventLog txEvents = new EventLog(tx);
            TaskTable.TakeBack fromDead = t.takeBackFrom(tx, gone, "worker died (no heartbeat) during the try");
            TaskTable.TakeBack overdue = t.takeBackTimedOut(tx);
            if (fromDead.released() > 0 || !fromDead.dead().isEmpty()) {
                LOG.info("job {}: took back {} task(s) of dead or stopped workers", job.name(), fromDead.released() + fromDead.dead().size());
            }
            if (overdue.released() > 0 || !overdue.dead().isEmpty()) {
                LOG.warn("job {}: {} task(s) ran longer than {} min and were taken back", job.name(),
                        overdue.released() + overdue.dead().size(), job.stored().spec().maxJobDurationMinutes());
                txEvents.record(EventLog.TASK_TIMED_OUT, job.name(), null, null,
                        (overdue.released() + overdue.dead().size()) + " task(s) ran longer than max_job_duration_minutes");
            }
            List<Object> dead = new ArrayList<>(fromDead.dead());
            dead.addAll(overdue.dead());
            recordGivenUp(txEvents, job.name(), dead);
            if (job.stored().paused()) {
                t.releaseAllQueued(tx);
            }
        });
    }

    /** Runs the work in a transaction that first checks the lease is still ours. */
    private void fenced(java.util.function.Consumer<DSLContext> work) {
        db.dsl().transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (!DispatcherLease.heldBy(tx, holder)) {
                throw new LostLease();
            }
            work.accept(tx);
        });
    }

    /** A job's failure is logged and the job skipped; a lost lease or a lost connection ends the round. */
    private void guarded(JobDispatch job, Runnable step) {
        try {
            step.run();
        } catch (LostLease e) {
            throw e;
        } catch (RuntimeException e) {
            if (Database.isTransient(e)) {
                throw e;
            }
            reportJobError(job.name(), e);
        }
    }

    private static void recordGivenUp(EventLog events, String job, List<Object> keys) {
        int n = 0;
        for (Object k : keys) {
            if (n++ == MAX_EVENTS_PER_TAKE_BACK) {
                events.record(EventLog.TASK_GIVEN_UP, job, null, null, "and " + (keys.size() - MAX_EVENTS_PER_TAKE_BACK) + " more task(s) given up");
                break;
            }
            events.record(EventLog.TASK_GIVEN_UP, job, null, k, "tries used up (max_try_times)");
        }
    }

    private void snapshotStats() {
        StatsHistory history = new StatsHistory(db.dsl());
        for (JobDispatch job : jobs.values()) {
            try {
                long[] c = job.table().countStates(db.dsl());
                history.record(job.name(), c);
                if (job.functions() != null && job.functions().reporting() != null) {
                    sampleFigures(job);
                }
                if (!job.stored().spec().elastic()) {
                    pendingEstimate.put(job.name(), c[0]);
                }
            } catch (RuntimeException e) {
                if (Database.isTransient(e)) {
                    throw e;
                }
                reportJobError(job.name(), e);
            }
        }
    }

    /** The history's upkeep: a failure is logged and waits for the next pass; it never stops dispatching. */
    private void housekeepingIfDue(long now) {
        try {
            housekeeping.runIfDue(now);
        } catch (RuntimeException e) {
            if (Database.isTransient(e)) {
                throw e;
            }
            LOG.error("keeping the history in shape failed; trying again in a minute: {}", e.getMessage());
        }
    }

    /** The job's reporting function, read-only and time-bounded; a failure leaves this sample without figures. */
    private void sampleFigures(JobDispatch job) {
        Map<String, Number> figures;
        try {
            figures = readOnly.read(job.name(), job.table(), rodb -> job.functions().reporting().figures(rodb));
        } catch (RuntimeException | LinkageError e) {
            if (e instanceof RuntimeException r && Database.isTransient(r)) {
                throw r;
            }
            String why = ReadOnlyAccess.timedOut(e) ? "a statement ran longer than the function timeout (" + readOnly.timeout().toMillis() + " ms); " : "";
            functionFailures.failed(job.name(), "reporting_function", job.stored().spec().reportingFunction(), e, why + "no figures in this sample");
            return;
        }
        if (figures != null && !figures.isEmpty()) {
            new JobFigures(db.dsl()).record(job.name(), figures);
        }
    }

    private void refreshJobsIfDue() {
        long now = System.currentTimeMillis();
        if (now - jobsLoadedAt < JOB_REFRESH_MILLIS) {
            return;
        }
        jobsLoadedAt = now;
        Map<String, JobDispatch> next = new LinkedHashMap<>();
        for (StoredJob s : new JobStore(db.dsl()).all()) {
            JobDispatch existing = jobs.get(s.name());
            if (existing != null && existing.functions() != null && existing.stored().spec().equals(s.spec())) {
                next.put(s.name(), new JobDispatch(s, existing.table(), existing.functions()));
                continue;
            }
            try {
                next.put(s.name(), new JobDispatch(s, new TaskTable(s.spec()), JobFunctions.forDispatcher(s.spec(), jobsPath, readOnly)));
            } catch (JobsPath.JobClassException e) {
                // no dispatching without its functions, but its dead workers' and overdue tasks are still taken back
                reportJobError(s.name(), e);
                next.put(s.name(), new JobDispatch(s, new TaskTable(s.spec()), null));
            }
        }
        jobs.clear();
        jobs.putAll(next);
    }

    /** Logs a job's failure once per distinct message, so a broken job does not flood the log. */
    private void reportJobError(String job, RuntimeException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        if (!msg.equals(jobErrors.put(job, msg))) {
            LOG.error("job {} cannot be dispatched: {}", job, msg);
        }
    }

    private void awaitWakeUp() {
        try {
            if (listener == null) {
                listener = new WakeUps.Listener(db.openDedicatedConnection(), WakeUps.DISPATCHER_CHANNEL);
            }
            listener.awaitAny(settings.pollMillis(), stop::requested);
        } catch (SQLException e) {
            closeListener();
            throw new org.jooq.exception.DataAccessException("listening for wake-ups failed: " + e.getMessage(), e);
        }
    }

    private void closeListener() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
