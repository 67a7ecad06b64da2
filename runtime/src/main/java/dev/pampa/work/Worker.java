package dev.pampa.work;

import dev.pampa.store.ConnectionCleanup;
import dev.pampa.jobcode.JobFunctions;
import dev.pampa.jobcode.JobsDirectory;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.LocalHost;
import dev.pampa.process.StopSignal;
import dev.pampa.api.Task;
import dev.pampa.model.ErrorText;
import dev.pampa.store.Database;
import dev.pampa.store.EventLog;
import dev.pampa.store.JobStore;
import dev.pampa.store.JobStore.StoredJob;
import dev.pampa.store.WakeUps;
import dev.pampa.store.WorkerRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process: registers, heartbeats, and runs the tasks queued for it, oldest first.
 *
 * <p>Each commit writes the outcome of the tries just run and starts the next tasks, so fast tasks
 * cost a fraction of a commit each. Every write is fenced (still reserved for this worker, still
 * the same try), so a task taken back and re-run elsewhere is never overwritten from here. On stop
 * it finishes the task in hand, gives back what it has not run, and deregisters.
 */
public final class Worker {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final int JOB_REFRESH_MILLIS = 2_000;
    private static final long HAND_BACK_MILLIS = 60_000;
    private static final long BATCH_HOLD_MAX_MILLIS = 10_000;

    private final Database db;
    private final String name;
    private final String node;
    private final String version;
    private final String incarnation = UUID.randomUUID().toString();
    private final JobsDirectory jobsDirectory;
    private final WorkerSettings settings;
    private final StopSignal stop;
    private final WorkerRegistry registry;
    private final EventLog events;
    private final Map<String, JobRuntime> jobs = new LinkedHashMap<>();
    private final Map<String, String> unrunnable = new HashMap<>();
    private final Map<String, Long> failingUntil = new HashMap<>();
    private final List<TryOutcome> writes = new ArrayList<>();
    private final ProcessorRunner runner = new ProcessorRunner();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String restartReason;
    private volatile String currentJob;
    private volatile String currentTask;
    private long jobsLoadedAt;
    private boolean lastCommitUncertain;
    private WakeUps.Listener listener;

    public Worker(Database db, String name, String version, JobsPath jobsPath, WorkerSettings settings, StopSignal stop) {
        this.db = db;
        this.name = name;
        this.node = name.substring(0, name.lastIndexOf('.'));
        this.version = version;
        this.jobsDirectory = new JobsDirectory(jobsPath);
        this.settings = settings;
        this.stop = stop;
        this.registry = new WorkerRegistry(db.dsl());
        this.events = new EventLog(db.dsl());
    }

    /**
     * Runs until a stop is requested. Returns true when it gave its queue back and deregistered,
     * false when the database stayed away too long for that (the dispatcher then takes the queue back).
     *
     * @throws WorkerRegistry.NameTakenException when a live worker of the same name runs elsewhere
     */
    public boolean run() {
        long pid = ProcessHandle.current().pid();
        registry.register(name, node, LocalHost.name(), pid, version, incarnation, settings.staleSeconds());
        events.record(EventLog.WORKER_STARTED, null, name, null, "pid " + pid + " on " + LocalHost.name());
        LOG.info("worker {} started (pid {}, jobs path {})", name, pid, jobsDirectory.refresh().directory().toAbsolutePath());
        refreshJobsIfDue();
        recoverFromEarlierRun();
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, settings.heartbeatMillis(), settings.heartbeatMillis(), TimeUnit.MILLISECONDS);
        long backoff = 0;
        try {
            while (!stop.requested()) {
                try {
                    loopOnce();
                    backoff = 0;
                } catch (RuntimeException e) {
                    backoff = backoff == 0 ? 250 : Math.min(backoff * 2, 10_000);
                    if (Database.isTransient(e)) {
                        LOG.warn("database unreachable ({}); {} unsaved result(s) kept; retrying in {} ms", rootMessage(e), writes.size(), backoff);
                    } else {
                        LOG.error("worker loop failed; retrying in {} ms", backoff, e);
                    }
                    closeListener();
                    stop.await(backoff);
                }
            }
        } finally {
            heartbeat.shutdownNow();
            runner.close();
            closeListener();
        }
        return handBack();
    }

    /** Why the worker stopped on its own to be restarted (a processor thread it could not stop); null when it was asked to stop. */
    public String restartReason() {
        return restartReason;
    }

    private void loopOnce() {
        refreshJobsIfDue();
        if (lastCommitUncertain) {
            giveBackOrphans();
        }
        boolean worked = false;
        long now = System.currentTimeMillis();
        for (JobRuntime job : new ArrayList<>(jobs.values())) {
            if (stop.requested()) {
                return;
            }
            if (job.stored.paused() || failingUntil.getOrDefault(job.name(), 0L) > now) {
                continue;
            }
            try {
                worked |= runBatch(job);
            } catch (RuntimeException e) {
                if (Database.isTransient(e)) {
                    throw e;
                }
                isolate(job, e);
            }
        }
        if (!worked) {
            if (!writes.isEmpty()) {
                commit(tx -> null);
            }
            idle();
        }
    }

    /**
     * A job whose statements fail (its table was dropped, a staged column does not exist) must not
     * hold back the others: its results are written one by one, those that cannot be written become
     * failed tries, and the job is left alone until the next refresh.
     */
    private void isolate(JobRuntime job, RuntimeException e) {
        String msg = rootMessage(e);
        LOG.error("job {} failed on this worker: {}; leaving it for {} ms", job.name(), msg, JOB_REFRESH_MILLIS);
        failingUntil.put(job.name(), System.currentTimeMillis() + JOB_REFRESH_MILLIS);
        for (TryOutcome o : new ArrayList<>(writes)) {
            writes.remove(o);
            try {
                commit(List.of(o), tx -> null);
            } catch (RuntimeException writeFailure) {
                if (Database.isTransient(writeFailure)) {
                    writes.add(0, o);
                    throw writeFailure;
                }
                if (o.kind() == TryOutcome.Kind.DONE) {
                    TryOutcome asFailure = TryOutcome.failed(o.job(), o.key(), o.tryNumber(),
                            "the result could not be written: " + rootMessage(writeFailure), false);
                    try {
                        commit(List.of(asFailure), tx -> null);
                        continue;
                    } catch (RuntimeException again) {
                        writeFailure = again;
                    }
                }
                LOG.error("task {} of {}: its {} cannot be written ({}); it will be taken back when its try times out",
                        o.key(), o.job().name(), o.describe(), rootMessage(writeFailure));
            }
        }
    }

    /** Commits pending results and starts the next tasks of the job; runs them. False if none were queued. */
    private boolean runBatch(JobRuntime job) {
        int want = job.batchSize(settings);
        List<Record> started = commit(tx -> {
            List<Record> rows = job.table.start(tx, name, want, settings.maxRowBytes());
            if (!rows.isEmpty() || job.hadWork) {
                // the queue went down (or just ran dry): have the dispatcher top it up while this batch runs
                WakeUps.notify(tx, WakeUps.DISPATCHER_CHANNEL, name);
            }
            return rows;
        });
        job.hadWork = !started.isEmpty();
        if (started.isEmpty()) {
            return false;
        }
        String pk = job.table.primaryKeyColumn();
        String timesColumn = job.stored.spec().fields().times();
        List<Record> ordered = new ArrayList<>(started);
        ordered.sort(WorkerOrder.BY_KEY.apply(pk));
        WorkerTaskContext ctx = new WorkerTaskContext(name, job.name(), db.dsl(), stop);
        long batchStart = System.currentTimeMillis();
        // every task of a batch got the batch's start time: one that waits too long behind a slow one
        // would look overdue to the dispatcher, so the rest of a slow batch is given back instead
        long holdLimit = Math.min(job.limitMillis() / 10, BATCH_HOLD_MAX_MILLIS);
        boolean[] givenBack = new boolean[ordered.size()];
        List<TryOutcome> backs = new ArrayList<>(ordered.size());
        for (Record r : ordered) {
            backs.add(TryOutcome.handedBack(job, r.get(pk), ((Number) r.get(timesColumn)).intValue()));
        }
        for (int i = 0; i < ordered.size(); i++) {
            Record r = ordered.get(i);
            Object key = backs.get(i).key();
            int tryNumber = backs.get(i).tryNumber();
            if (givenBack[i]) {
                continue;
            }
            if (stop.requested() || System.currentTimeMillis() - batchStart > holdLimit) {
                writes.add(TryOutcome.handedBack(job, key, tryNumber));
                continue;
            }
            Task task = new Task(key, tryNumber, r.intoMap());
            currentJob = job.name();
            currentTask = String.valueOf(key);
            int next = i + 1;
            long waited = System.currentTimeMillis() - batchStart;
            ProcessorRunner.Result result = runner.run(job.processor, task, ctx, job.limitMillis(), Math.max(1, holdLimit - waited),
                    () -> giveBackNow(job, backs.subList(next, backs.size()), givenBack, next));
            job.observe(result.nanos());
            if (result.threadLeft()) {
                // nothing ends a thread that ignores interruption; a fresh process is the only clean way on
                restartReason = "the processor of task " + key + " of " + job.name() + " ignored interruption after max_job_duration_minutes"
                        + " and its thread cannot be stopped";
                LOG.error("worker {}: {}; handing back its queue and exiting to be restarted", name, restartReason);
                stop.request();
            }
            if (result.failure() == null) {
                writes.add(TryOutcome.done(job, key, tryNumber, Collections.unmodifiableMap(new LinkedHashMap<>(task.staged()))));
                done.incrementAndGet();
            } else {
                String text = describe(result.failure());
                writes.add(TryOutcome.failed(job, key, tryNumber, text, result.timedOut()));
                failed.incrementAndGet();
                if (tryNumber >= job.stored.spec().maxTryTimes()) {
                    LOG.warn("task {} of {} failed on its last try ({}): {}", key, job.name(), tryNumber, firstLine(text));
                } else {
                    LOG.info("task {} of {} failed on try {}: {}", key, job.name(), tryNumber, firstLine(text));
                }
            }
            currentTask = null;
        }
        return true;
    }

    /**
     * While a processor runs long: gives back, at once and try undone, the rest of its batch. They were
     * started with the batch and would otherwise look overdue behind a processor that hangs, a try
     * charged for a task never begun. Written on its own (the outcomes waiting stay for the next commit).
     */
    private void giveBackNow(JobRuntime job, List<TryOutcome> rest, boolean[] givenBack, int offset) {
        if (rest.isEmpty()) {
            return;
        }
        List<TryOutcome> back = new ArrayList<>(rest);
        try {
            commit(back, tx -> null);
            java.util.Arrays.fill(givenBack, offset, offset + rest.size(), true);
            LOG.info("job {}: a processor runs long; gave back the {} task(s) waiting behind it", job.name(), back.size());
        } catch (RuntimeException e) {
            LOG.warn("could not give back the tasks waiting behind a long try ({}); they go back after it", rootMessage(e));
        }
    }

    private <T> T commit(Function<DSLContext, T> work) {
        List<TryOutcome> batch = new ArrayList<>(writes);
        T result = commit(batch, work);
        writes.subList(0, batch.size()).clear();
        return result;
    }

    /**
     * Writes the outcomes and then runs {@code work}, in one transaction. When the connection fails
     * the outcome of the commit is unknown: the caller keeps the outcomes to write again, and the
     * tasks the failed transaction may have started are given back before the next start.
     */
    private <T> T commit(List<TryOutcome> outcomes, Function<DSLContext, T> work) {
        List<List<TryOutcome>> rejected = new ArrayList<>(1);
        T result;
        try {
            result = db.dsl().connectionResult(c -> {
                c.setAutoCommit(false);
                try {
                    DSLContext tx = DSL.using(c, SQLDialect.POSTGRES);
                    rejected.add(outcomes.isEmpty() ? List.of() : OutcomeWriter.write(c, tx, name, outcomes));
                    T r = work.apply(tx);
                    c.commit();
                    return r;
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
        boolean writtenBefore = lastCommitUncertain;
        for (TryOutcome o : rejected.get(0)) {
            if (writtenBefore) {
                // the lost commit may have written it already; nothing was overwritten either way
                LOG.debug("task {} of {}: the {} of try {} was already written or taken back", o.key(), o.job().name(), o.describe(), o.tryNumber());
            } else {
                rejected(o);
            }
        }
        return result;
    }

    /** After a commit whose outcome is unknown: give back tasks it may have started that nobody runs. */
    private void giveBackOrphans() {
        for (JobRuntime job : jobs.values()) {
            List<Object> held = writes.stream().filter(o -> o.job().name().equals(job.name())).map(TryOutcome::key).toList();
            int n = db.dsl().transactionResult(cfg -> job.table.unstartOrphans(DSL.using(cfg), name, held));
            if (n > 0) {
                LOG.info("job {}: gave back {} task(s) a lost commit may have started", job.name(), n);
            }
        }
        commit(tx -> null);
        lastCommitUncertain = false;
    }

    private void rejected(TryOutcome o) {
        LOG.warn("task {} of {}: the {} of try {} was rejected: the task was taken back from this worker meanwhile", o.key(), o.job().name(), o.describe(), o.tryNumber());
        try {
            events.record(EventLog.LATE_FINISH_REJECTED, o.job().name(), name, o.key(), "the " + o.describe() + " of try " + o.tryNumber() + " came after the task was taken back");
        } catch (RuntimeException e) {
            LOG.debug("cannot record the rejected write", e);
        }
    }



    private void idle() {
        try {
            if (listener == null) {
                listener = new WakeUps.Listener(db.openDedicatedConnection(), WakeUps.workerChannel(name));
            }
            listener.awaitAny(settings.pollMillis(), stop::requested);
        } catch (java.sql.SQLException e) {
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

    /**
     * A worker of the same name that died and was restarted before the dispatcher noticed left tasks
     * marked running under this name; no process runs them, so they count as a failed try now.
     */
    private void recoverFromEarlierRun() {
        for (JobRuntime job : jobs.values()) {
            int n = db.dsl().transactionResult(cfg -> {
                var t = job.table.takeBackFrom(DSL.using(cfg), List.of(name), "worker restarted during the try");
                return t.released() + t.dead().size();
            });
            if (n > 0) {
                LOG.info("job {}: took back {} task(s) left by an earlier run of {}", job.name(), n, name);
            }
        }
    }

    private void refreshJobsIfDue() {
        long now = System.currentTimeMillis();
        if (now - jobsLoadedAt < JOB_REFRESH_MILLIS) {
            return;
        }
        jobsLoadedAt = now;
        JobsPath path = jobsDirectory.refresh();
        boolean newJars = jobsDirectory.takeChanged();
        if (newJars) {
            LOG.info("the jobs directory changed; reloading job classes from {}", path.jars());
        }
        List<StoredJob> stored = new JobStore(db.dsl()).all();
        Map<String, JobRuntime> next = new LinkedHashMap<>();
        for (StoredJob s : stored) {
            JobRuntime existing = jobs.get(s.name());
            if (!newJars && existing != null && existing.stored.spec().equals(s.spec())) {
                next.put(s.name(), existing.version().equals(s.updatedAt()) ? existing : existing.with(s));
                continue;
            }
            try {
                next.put(s.name(), new JobRuntime(s, JobFunctions.all(s.spec(), path).processor()));
                if (unrunnable.remove(s.name()) != null) {
                    registry.clearJobProblem(name, s.name());
                    LOG.info("job {} can run on this worker now", s.name());
                }
            } catch (JobsPath.JobClassException e) {
                cannotRun(s, e.getMessage());
            }
        }
        jobs.clear();
        jobs.putAll(next);
    }

    /** Tells the dispatcher to leave this worker out of the job, and gives back what it queued here. */
    private void cannotRun(StoredJob s, String problem) {
        if (!problem.equals(unrunnable.put(s.name(), problem))) {
            LOG.error("job {} cannot run on this worker: {}", s.name(), problem);
            registry.reportJobProblem(name, s.name(), problem);
        }
        int released = db.dsl().transactionResult(cfg -> new dev.pampa.store.TaskTable(s.spec()).releaseQueue(DSL.using(cfg), name));
        if (released > 0) {
            LOG.info("gave back {} queued task(s) of job {}, which this worker cannot run", released, s.name());
        }
    }

    private void beat() {
        try {
            if (!registry.heartbeat(name, incarnation, stop.requested() ? WorkerRegistry.STOPPING : WorkerRegistry.RUNNING,
                    currentTask == null ? null : currentJob, currentTask, done.get(), failed.get())) {
                LOG.error("another process registered as worker {}; stopping this one", name);
                stop.request();
            }
        } catch (RuntimeException e) {
            LOG.debug("heartbeat failed: {}", rootMessage(e));
        }
    }

    /** Writes what was run, gives back the queue, deregisters; keeps trying while the database is away. */
    private boolean handBack() {
        long deadline = System.currentTimeMillis() + HAND_BACK_MILLIS;
        while (true) {
            try {
                if (lastCommitUncertain) {
                    giveBackOrphans();
                }
                int released = commit(tx -> {
                    int n = 0;
                    for (JobRuntime job : jobs.values()) {
                        n += job.table.releaseQueue(tx, name);
                    }
                    return n;
                });
                registry.deregister(name, incarnation, done.get(), failed.get());
                events.record(EventLog.WORKER_STOPPED, null, name, null, "stopped after " + done.get() + " done and " + failed.get() + " failed; gave back " + released + " queued task(s)");
                LOG.info("worker {} stopped: {} done, {} failed, {} queued task(s) given back", name, done.get(), failed.get(), released);
                return true;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline || !Database.isTransient(e)) {
                    LOG.error("could not hand back the queue ({}); {} result(s) unsaved; the dispatcher takes the tasks back once this worker's heartbeat is stale",
                            rootMessage(e), writes.size());
                    return false;
                }
                LOG.warn("handing back the queue failed ({}); retrying", rootMessage(e));
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** The error text stored with a failed try: the message first (errors are grouped by it), then the stack. */
    static String describe(Throwable t) {
        // cleaned and capped: a NUL in a message would make PostgreSQL refuse the write and lose the failure
        return ErrorText.of(t);
    }

    private static String firstLine(String s) {
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
