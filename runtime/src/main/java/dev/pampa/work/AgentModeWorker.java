package dev.pampa.work;

import dev.pampa.jobcode.JobsDirectory;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.agent.Frames;
import dev.pampa.agent.Message;
import dev.pampa.api.Task;
import dev.pampa.api.TaskProcessor;
import dev.pampa.store.DbUrl;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import dev.pampa.agent.ChannelStreams;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker served by its node's agent (ADR 0005): it talks only to the agent's Unix domain socket,
 * runs the tasks the agent sends (already started in the database) in the order they come, and sends
 * each outcome back. It opens a database connection only if a processor asks for one.
 *
 * <p>When the agent goes away (its connection closes) the worker stops at once: it cannot report,
 * and the first level takes its tasks back. On SIGTERM it finishes the task in hand, hands back the
 * rest through the agent, and exits once the agent confirms.
 */
public final class AgentModeWorker {
    private static final Logger LOG = LoggerFactory.getLogger(AgentModeWorker.class);
    private static final long CONNECT_WAIT_MILLIS = 30_000;
    private static final long BYE_WAIT_MILLIS = 60_000;
    private static final long BATCH_HOLD_MAX_MILLIS = 10_000;
    private static final int PING_MILLIS = 1_000;
    private static final int WATCH_MILLIS = 250;
    private static final int JOBS_DIR_CHECK_MILLIS = 2_000;

    private final String name;
    private final Path socket;
    private final JobsDirectory jobsDirectory;
    private final StopSignal stop;
    private final LazyDatabase database;
    private final String incarnation = UUID.randomUUID().toString();
    private final LinkedBlockingDeque<Pending> backlog = new LinkedBlockingDeque<>();
    private final Map<String, JobProcessor> processors = new ConcurrentHashMap<>();
    private final Map<String, Message.JobInfo> jobInfos = new ConcurrentHashMap<>();
    private final CountDownLatch byeAcked = new CountDownLatch(1);
    private final CompletableFuture<Ending> ended = new CompletableFuture<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String agentGone;
    /** Why this worker stops on its own to be restarted (a processor thread it could not stop); null otherwise. */
    private volatile String restartReason;
    private volatile String currentJob;
    private volatile String currentTask;
    private OutputStream out;
    private long jobsCheckedAt;
    /** Guards the hand-over of the try in hand between the work thread, a revoke and the watchdog. */
    private final Object turn = new Object();
    private Thread workThread;
    /** The try the work thread runs now; null between tries. Guarded by {@link #turn}. */
    private TryInHand inHand;

    /** A task received, waiting its turn. */
    private record Pending(String job, Message.TaskItem item, long receivedNanos) {
    }

    /** A job's processor as loaded here, or the reason it cannot be. */
    private record JobProcessor(TaskProcessor processor, String problem) {
    }

    /** How the worker ended. */
    public enum Ending {
        /** Stopped cleanly: everything answered and acknowledged by the agent. */
        STOPPED,
        /** The agent went away; the worker could not report and stopped. */
        AGENT_GONE,
        /**
         * A processor thread could not be stopped: the worker handed back what it held, the agent
         * confirmed, and the process should end to be replaced by a fresh one (the agent restarts it
         * when it supervises the node's workers).
         */
        RESTART_WANTED
    }

    /** Why the worker asked to be restarted, when {@link #run} returned {@link Ending#RESTART_WANTED}. */
    public String restartReason() {
        return restartReason;
    }

    /** The agent refused the worker (bad name, name in use, other protocol). */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    public AgentModeWorker(String name, Path socket, JobsPath jobsPath, StopSignal stop, Supplier<DbUrl> dbUrl) {
        this.name = name;
        this.socket = socket;
        this.jobsDirectory = new JobsDirectory(jobsPath.directory());
        this.stop = stop;
        this.database = new LazyDatabase(name, dbUrl);
    }

    /** Runs until stopped or until the agent goes away. */
    public Ending run() throws IOException {
        SocketChannel channel = connect();
        try (channel; database) {
            out = new BufferedOutputStream(ChannelStreams.out(channel), 1 << 16);
            InputStream in = new BufferedInputStream(ChannelStreams.in(channel), 1 << 16);
            send(new Message.Hello(name, ProcessHandle.current().pid(), incarnation, Message.PROTOCOL), true);
            Message first = Frames.read(in);
            if (!(first instanceof Message.Welcome w)) {
                throw new IOException("the agent at " + socket + " did not answer Hello (got " + first + ")");
            }
            if (w.refusal() != null) {
                throw new RefusedException("the agent refused worker " + name + ": " + w.refusal());
            }
            LOG.info("worker {} started (pid {}), served by the agent at {}; jobs path {}", name, ProcessHandle.current().pid(), socket,
                    jobsDirectory.refresh().directory().toAbsolutePath());
            daemon("agent-reader", () -> readLoop(in));
            daemon("ping", this::pingLoop);
            // processors run on this thread itself, not handed to another per task: two thread hand-offs a
            // task were most of a no-op task's cost. The ping thread watches it for a try that overruns
            daemon("processor", () -> {
                try {
                    if (!work()) {
                        // the watchdog answered for the try in hand and ends the worker itself
                        return;
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error("worker {}: its work loop failed; handing back what it holds and stopping", name, e);
                    stop.request();
                }
                finishOnce();
            });
            return ended.join();
        }
    }

    /** Ends the worker once: by the work thread, or by the watchdog when a processor thread cannot be stopped. */
    private void finishOnce() {
        if (finishing.compareAndSet(false, true)) {
            try {
                ended.complete(finish());
            } catch (RuntimeException | Error e) {
                ended.completeExceptionally(e);
            }
        }
    }

    private SocketChannel connect() throws IOException {
        long deadline = System.currentTimeMillis() + CONNECT_WAIT_MILLIS;
        boolean said = false;
        while (true) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
                return c;
            } catch (IOException e) {
                c.close();
                if (System.currentTimeMillis() > deadline || stop.requested()) {
                    throw new IOException("no agent answers at " + socket + " (" + e.getMessage() + ") — start the node's agent first"
                            + " (java -jar pampa-runtime.jar agent --node NODE --socket " + socket + ")", e);
                }
                if (!said) {
                    LOG.info("waiting for the node's agent at {}", socket);
                    said = true;
                }
                stop.await(200);
            }
        }
    }

    /** Runs tasks until stopped; false when the watchdog took over a try whose processor would not stop. */
    private boolean work() {
        workThread = Thread.currentThread();
        while (!stop.requested()) {
            checkJobsDirectoryIfDue();
            Pending p;
            try {
                p = backlog.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            if (p == null) {
                continue;
            }
            if (stop.requested()) {
                backlog.addFirst(p);
                break;
            }
            Message.Outcome o = run(p);
            if (o == null) {
                // the watchdog answered for this try and ends the worker: its processor would not stop
                return false;
            }
            // flushed before the next task begins: should this process die, the agent knows every task it
            // began except the one in hand, so it fails that try alone and gives the rest back uncounted
            sendQuietly(o, true);
        }
        flushQuietly();
        return true;
    }

    /** The agent lost the database: give back what has not begun, abandon the try in hand. */
    private void revoke(String reason) {
        int given = drainBacklog();
        boolean abandoned;
        synchronized (turn) {
            abandoned = inHand != null && inHand.interrupt(reason, false, System.nanoTime());
            if (abandoned) {
                workThread.interrupt();
            }
        }
        LOG.warn("the agent revoked this worker's tasks ({} given back{}): {}", given, abandoned ? ", the running one abandoned" : "", reason);
    }

    /** Runs the task on this thread; null when the watchdog answered for it (its processor ignored interruption). */
    private Message.Outcome run(Pending p) {
        Message.TaskItem item = p.item();
        Message.JobInfo info = jobInfos.get(p.job());
        JobProcessor jp = processors.get(p.job());
        if (info == null || jp == null || jp.processor() == null) {
            // the agent leaves a job this worker cannot run alone once it knows; until then, give them back
            return handBack(p);
        }
        long holdLimit = Math.min(info.limitMillis() / 10, BATCH_HOLD_MAX_MILLIS);
        if ((System.nanoTime() - p.receivedNanos()) / 1_000_000 > holdLimit) {
            // its start time was set when the agent sent it: after this long it would look overdue
            return handBack(p);
        }
        Task task = new Task(item.key(), item.tryNumber(), item.values());
        currentJob = p.job();
        currentTask = String.valueOf(item.key());
        long t0 = System.nanoTime();
        TryInHand h = new TryInHand(p.job(), item.key(), item.tryNumber(), t0, info.limitMillis());
        synchronized (turn) {
            workThread = Thread.currentThread();
            inHand = h;
        }
        Throwable failure = null;
        try {
            jp.processor().process(task, new AgentTaskContext(name, p.job(), database, stop));
        } catch (Throwable t) {
            failure = t;
        }
        long nanos = System.nanoTime() - t0;
        synchronized (turn) {
            inHand = null;
            // an interrupt meant for this try (a timeout, a revoke) or left by the processor must not end
            // the next wait for work
            Thread.interrupted();
        }
        currentTask = null;
        if (h.takenOver()) {
            return null;
        }
        if (h.abandonedBecause() != null && failure != null) {
            LOG.warn("abandoned task {} of {} on try {}: {}", item.key(), p.job(), item.tryNumber(), h.abandonedBecause());
            return new Message.Outcome(p.job(), item.key(), item.tryNumber(), Message.Kind.HANDED_BACK, Map.of(),
                    "abandoned: " + h.abandonedBecause(), false, nanos);
        }
        if (h.timedOut()) {
            failure = h.timeout(false);
        }
        if (failure == null) {
            done.incrementAndGet();
            return new Message.Outcome(p.job(), item.key(), item.tryNumber(), Message.Kind.DONE,
                    Collections.unmodifiableMap(new LinkedHashMap<>(task.staged())), null, false, nanos);
        }
        return failed(p.job(), item, info, failure, h.timedOut(), nanos);
    }

    private Message.Outcome failed(String job, Message.TaskItem item, Message.JobInfo info, Throwable failure, boolean timedOut, long nanos) {
        failed.incrementAndGet();
        String text = Worker.describe(failure);
        if (item.tryNumber() >= info.maxTryTimes()) {
            LOG.warn("task {} of {} failed on its last try ({}): {}", item.key(), job, item.tryNumber(), firstLine(text));
        } else {
            LOG.info("task {} of {} failed on try {}: {}", item.key(), job, item.tryNumber(), firstLine(text));
        }
        return new Message.Outcome(job, item.key(), item.tryNumber(), Message.Kind.FAILED, Map.of(), text, timedOut, nanos);
    }

    /**
     * The watchdog, on the ping thread: interrupts a try past its limit, and when an interrupted
     * processor has not ended within {@link ProcessorRunner#STOP_WAIT_MILLIS}, answers for its try, hands back the rest
     * and ends the worker to be restarted: nothing ends a thread that ignores interruption, and a fresh
     * process is the only clean way on.
     */
    private void watch() {
        long now = System.nanoTime();
        TryInHand stuck = null;
        synchronized (turn) {
            TryInHand h = inHand;
            if (h == null) {
                return;
            }
            if (h.overdue(now) && h.interrupt(null, true, now)) {
                LOG.warn("task {} of {} ran longer than max_job_duration_minutes; interrupting its processor", h.key(), h.job());
                workThread.interrupt();
            } else if (h.stuck(now, ProcessorRunner.STOP_WAIT_MILLIS)) {
                h.takeOver();
                inHand = null;
                stuck = h;
            }
        }
        if (stuck != null) {
            giveUpOn(stuck);
        }
    }

    private void giveUpOn(TryInHand h) {
        Message.Outcome o;
        if (h.abandonedBecause() != null && !h.timedOut()) {
            restartReason = "the processor of task " + h.key() + " of " + h.job() + " ignored the interruption of a revoke and its thread cannot be stopped";
            o = new Message.Outcome(h.job(), h.key(), h.tryNumber(), Message.Kind.HANDED_BACK, Map.of(), "abandoned: " + h.abandonedBecause(), false,
                    System.nanoTime() - h.startedNanos());
        } else {
            restartReason = "the processor of task " + h.key() + " of " + h.job() + " ignored interruption after max_job_duration_minutes"
                    + " and its thread cannot be stopped";
            Message.JobInfo info = jobInfos.get(h.job());
            Message.TaskItem item = new Message.TaskItem(h.key(), h.tryNumber(), Map.of());
            o = failed(h.job(), item, info, h.timeout(true), true, System.nanoTime() - h.startedNanos());
        }
        LOG.error("worker {}: the processor of {} ignores interruption: {}; handing back what it holds and exiting to be restarted", name, h, restartReason);
        sendQuietly(o, true);
        stop.request();
        finishOnce();
    }

    private static Message.Outcome handBack(Pending p) {
        return new Message.Outcome(p.job(), p.item().key(), p.item().tryNumber(), Message.Kind.HANDED_BACK, Map.of(), null, false, 0);
    }

    /** After a stop: hand back what was not run, say Bye, and wait until the agent has written it all. */
    private Ending finish() {
        if (agentGone != null) {
            LOG.error("worker {} stops: the agent {} — this worker cannot report; the first level takes its tasks back", name, agentGone);
            return Ending.AGENT_GONE;
        }
        int handedBack = drainBacklog();
        sendQuietly(new Message.Bye(restartReason), true);
        long deadline = System.currentTimeMillis() + BYE_WAIT_MILLIS;
        try {
            while (!byeAcked.await(100, TimeUnit.MILLISECONDS)) {
                // tasks the agent sent before it read the Bye come back at once
                handedBack += drainBacklog();
                if (agentGone != null || System.currentTimeMillis() > deadline) {
                    LOG.error("worker {}: the agent {} before confirming the hand-back; the first level takes the tasks back",
                            name, agentGone != null ? agentGone : "did not answer within " + BYE_WAIT_MILLIS / 1000 + " s");
                    return Ending.AGENT_GONE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ending.AGENT_GONE;
        }
        LOG.info("worker {} stopped: {} done, {} failed, {} task(s) handed back", name, done.get(), failed.get(), handedBack);
        return restartReason != null ? Ending.RESTART_WANTED : Ending.STOPPED;
    }

    private int drainBacklog() {
        int n = 0;
        Pending p;
        while ((p = backlog.poll()) != null) {
            sendQuietly(handBack(p), false);
            n++;
        }
        flushQuietly();
        return n;
    }

    private void readLoop(InputStream in) {
        String why = "closed the connection";
        try {
            while (true) {
                Message m = Frames.read(in);
                if (m == null) {
                    break;
                }
                if (m instanceof Message.Tasks t) {
                    long now = System.nanoTime();
                    for (Message.TaskItem i : t.tasks()) {
                        backlog.addLast(new Pending(t.job(), i, now));
                    }
                } else if (m instanceof Message.JobInfo j) {
                    jobInfos.put(j.job(), j);
                    load(j);
                } else if (m instanceof Message.Stop s) {
                    LOG.info("the agent asks this worker to stop: {}", s.reason());
                    stop.request();
                } else if (m instanceof Message.Revoke r) {
                    revoke(r.reason());
                } else if (m instanceof Message.ByeAck) {
                    byeAcked.countDown();
                    return;
                } else {
                    LOG.warn("ignored a {} from the agent", m.getClass().getSimpleName());
                }
            }
        } catch (IOException e) {
            why = "connection failed (" + e.getMessage() + ")";
        }
        if (byeAcked.getCount() > 0) {
            agentGone = why;
            stop.request();
        }
    }

    /** Loads the job's processor and tells the agent whether this worker can run the job. */
    private synchronized void load(Message.JobInfo j) {
        JobProcessor before = processors.get(j.job());
        JobProcessor now;
        try {
            now = new JobProcessor(jobsDirectory.refresh().instantiate(j.processor(), TaskProcessor.class, "processor"), null);
        } catch (JobsPath.JobClassException e) {
            now = new JobProcessor(null, e.getMessage());
        }
        processors.put(j.job(), now);
        if (now.problem() != null) {
            LOG.error("job {} cannot run on this worker: {}", j.job(), now.problem());
            sendQuietly(new Message.JobProblem(j.job(), now.problem()), true);
        } else if (before != null && before.problem() != null) {
            sendQuietly(new Message.JobProblem(j.job(), null), true);
        }
    }

    /** A jar added or replaced in the jobs directory: load every job's processor again. */
    private void checkJobsDirectoryIfDue() {
        long now = System.currentTimeMillis();
        if (now - jobsCheckedAt < JOBS_DIR_CHECK_MILLIS) {
            return;
        }
        jobsCheckedAt = now;
        synchronized (this) {
            jobsDirectory.refresh();
            if (!jobsDirectory.takeChanged()) {
                return;
            }
        }
        LOG.info("the jobs directory changed; reloading job classes");
        jobInfos.values().forEach(this::load);
    }

    /**
     * Pings until the agent confirmed the Bye or went away (a worker silent for long is taken for
     * frozen), and watches the try in hand meanwhile.
     */
    private void pingLoop() {
        long pingedAt = 0;
        while (agentGone == null && byeAcked.getCount() > 0) {
            watch();
            long now = System.nanoTime();
            if (now - pingedAt >= PING_MILLIS * 1_000_000L) {
                pingedAt = now;
                handBackOverdue();
                sendQuietly(new Message.Ping(currentTask == null ? null : currentJob, currentTask, done.get(), failed.get()), true);
            }
            try {
                if (byeAcked.await(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Hands back, while the processor is still busy, the received tasks that waited longer than the
     * hold limit: their start time was set when the agent sent them, and behind a processor that hangs
     * they would otherwise be taken back as timed out, a try charged for a task never begun.
     */
    private void handBackOverdue() {
        long now = System.nanoTime();
        boolean any = false;
        for (Pending p : backlog) {
            Message.JobInfo info = jobInfos.get(p.job());
            long holdLimit = info == null ? BATCH_HOLD_MAX_MILLIS : Math.min(info.limitMillis() / 10, BATCH_HOLD_MAX_MILLIS);
            // removed here only if the work loop has not taken it meanwhile
            if ((now - p.receivedNanos()) / 1_000_000 > holdLimit && backlog.removeFirstOccurrence(p)) {
                sendQuietly(handBack(p), false);
                any = true;
            }
        }
        if (any) {
            flushQuietly();
        }
    }

    private void send(Message m, boolean flush) throws IOException {
        synchronized (this.out) {
            Frames.write(out, m);
            if (flush) {
                out.flush();
            }
        }
    }

    private void sendQuietly(Message m, boolean flush) {
        try {
            send(m, flush);
        } catch (IOException e) {
            if (agentGone == null) {
                agentGone = "connection failed (" + e.getMessage() + ")";
            }
            stop.request();
        }
    }

    private void flushQuietly() {
        try {
            synchronized (this.out) {
                out.flush();
            }
        } catch (IOException e) {
            if (agentGone == null) {
                agentGone = "connection failed (" + e.getMessage() + ")";
            }
            stop.request();
        }
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
