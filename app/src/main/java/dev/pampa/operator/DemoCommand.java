package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import ch.qos.logback.classic.Level;
import dev.pampa.control.database.EmbeddedDatabase;
import dev.pampa.control.node.LocalProcess;
import dev.pampa.control.node.LocalProcesses;
import dev.pampa.control.node.ProcessName;
import dev.pampa.model.JobSpec;
import dev.pampa.model.NodeSpec;
import dev.pampa.monitor.ProgressLine;
import dev.pampa.report.JobProgress;
import dev.pampa.report.Throughput;
import dev.pampa.sample.SampleJob;
import dev.pampa.sample.SampleJobs;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.TaskTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pampa demo}: a sample job run from start to end on this machine, with nothing installed but
 * a JDK. An embedded PostgreSQL on a data directory kept between runs, one dispatcher and N worker
 * processes started from this jar, and a progress line each second until every task is done or dead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a sample job on this machine: an embedded PostgreSQL, one dispatcher and N worker processes,"
                    + " with progress once per second, until every task is done or dead.",
            "The database listens on localhost only and trusts local connections (user postgres, no password)."
                    + " Ctrl-C stops the workers, the dispatcher and the database; run the demo again to carry on."})
public final class DemoCommand implements Callable<Integer> {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(1);

    @Option(names = "--workers", paramLabel = "N", description = "Worker processes to start. Default: the number of cores (${DEFAULT-VALUE}).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--job", paramLabel = "NAME", defaultValue = "search_odd_numbers",
            description = "The sample job to run: search_odd_numbers (100,000 tasks), flaky_numbers (10,000, some retried, 200 dead)"
                    + " or slow_numbers (200, 5 of them time out; takes minutes). Default: ${DEFAULT-VALUE}.")
    String job;

    @Option(names = "--reset", description = "Clear the job's results and tracking columns first, so that every task runs again.")
    boolean reset;

    @Option(names = "--data", paramLabel = "DIR", description = "The database's data directory, kept between runs. Default: ~/.pampa/demo-db.")
    Path data = EmbeddedDatabase.defaultDataDirectory();

    @Option(names = "--port", paramLabel = "PORT", description = "The database's port on localhost. Default: ${DEFAULT-VALUE}.")
    int port = EmbeddedDatabase.DEFAULT_PORT;

    @Option(names = "--logs", paramLabel = "DIR", description = "Where PostgreSQL, the dispatcher and each worker write their logs. Default: ~/.pampa/logs.")
    Path logs = Path.of(System.getProperty("user.home"), ".pampa", "logs");

    @Spec
    CommandSpec spec;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private PrintWriter out;
    private volatile EmbeddedDatabase postgres;
    private volatile Database db;
    private volatile LocalProcesses processes;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        if (workers < 1) {
            throw new CliFailure(ExitCode.USAGE, "--workers must be 1 or more, not " + workers);
        }
        SampleJob sample = SampleJobs.named(job).orElseThrow(() -> new CliFailure(ExitCode.USAGE, "no sample job '" + job
                + "': choose one of " + SampleJobs.all().stream().map(SampleJob::name).collect(Collectors.joining(", "))));
        refuseLeftoversOfAKilledRun();
        quietLibraryLogs();

        Thread onSignal = new Thread(this::stopOnSignal, "pampa-demo-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            startDatabase();
            return run(sample);
        } catch (RuntimeException e) {
            if (stopping.get()) {
                // Ctrl-C closed what this thread was using: the shutdown hook reports
                return ExitCode.FAILURE;
            }
            throw e;
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    private void refuseLeftoversOfAKilledRun() {
        List<ProcessHandle> left = LocalProcesses.leftRunning(logs);
        if (!left.isEmpty()) {
            String pids = left.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "));
            throw new CliFailure(ExitCode.FAILURE, "workers or the dispatcher of an earlier demo still run (pids " + pids
                    + "), and new ones would take the same names: stop them with: kill " + pids);
        }
    }

    /**
     * The embedded server's start-up lines, Flyway's "schema already exists" and jOOQ's note on the
     * bundled PostgreSQL's version would drown the progress lines; errors still show.
     */
    private static void quietLibraryLogs() {
        for (String name : List.of("io.zonky", "org.flywaydb", "org.jooq")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(Level.ERROR);
            }
        }
    }

    private void startDatabase() {
        Path serverLog = logs.resolve("postgres.log");
        try {
            postgres = EmbeddedDatabase.start(data, port, serverLog);
        } catch (EmbeddedDatabase.StartFailure e) {
            throw new CliFailure(ExitCode.DB_UNAVAILABLE, e.getMessage());
        }
        out.println("database: PostgreSQL on localhost:" + port + ", data in " + postgres.dataDirectory()
                + " (durable: fsync and synchronous commits on), log " + serverLog);
        out.flush();
    }

    private int run(SampleJob sample) throws InterruptedException {
        db = Database.open(postgres.url(), 2, "demo");
        db.migrate();
        sample.tableScript().runOn(db);
        if (reset) {
            sample.resetScript().runOn(db);
        }
        JobSpec jobSpec = sample.spec();
        applyOnly(jobSpec);
        TaskTable table = new TaskTable(jobSpec);

        JobProgress before = table.progress(db.dsl());
        out.println("job " + jobSpec.name() + " on table " + jobSpec.table() + ": " + ProgressLine.count(before.total()) + " tasks, "
                + ProgressLine.count(before.done()) + " done, " + ProgressLine.count(before.dead()) + " dead, "
                + ProgressLine.count(before.unfinished()) + " to do" + (reset ? " (reset)" : ""));
        if (before.complete()) {
            out.println("nothing to do: run the demo with --reset to run every task again");
            out.flush();
            return ExitCode.OK;
        }

        processes = new LocalProcesses(LocalProcesses.ownClassPath(), postgres.url(), logs);
        LocalProcess dispatcher = processes.startDispatcher();
        // beside the logs, in a directory the agent makes 0700: the socket carries the database's authority
        Path socket = logs.resolve("agent").resolve("agent.sock");
        LocalProcess agent = processes.startAgent(NodeSpec.LOCAL, socket);
        List<LocalProcess> workerProcesses = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            workerProcesses.add(processes.startWorker(ProcessName.worker(NodeSpec.LOCAL, i).value(), socket));
        }
        out.println("started the dispatcher, the node's agent and " + workers + " worker" + (workers == 1 ? "" : "s") + " (" + workerProcesses.get(0).name()
                + (workers > 1 ? " to " + workerProcesses.get(workers - 1).name() : "") + "); their logs are in " + logs);
        out.flush();

        Instant start = Instant.now();
        Throughput throughput = new Throughput(Duration.ofSeconds(5));
        throughput.record(start, before.finished());
        Set<String> reportedExits = new HashSet<>();
        while (true) {
            Thread.sleep(TICK.toMillis());
            if (stopping.get()) {
                return ExitCode.FAILURE;
            }
            JobProgress now = table.progress(db.dsl());
            throughput.record(Instant.now(), now.finished());
            out.println(ProgressLine.of(jobSpec.name(), now, throughput.perSecond(), throughput.eta(now.unfinished())));
            out.flush();
            if (now.complete()) {
                Duration elapsed = Duration.between(start, Instant.now());
                stopChildren();
                out.println(ProgressLine.summary(jobSpec.name(), now, now.finished() - before.finished(), elapsed));
                out.flush();
                return ExitCode.OK;
            }
            checkChildren(dispatcher, agent, workerProcesses, reportedExits);
        }
    }

    /** Stores the job and pauses the demo database's other jobs: the workers serve one job at a time here. */
    private void applyOnly(JobSpec jobSpec) {
        JobStore jobs = new JobStore(db.dsl());
        jobs.save(jobSpec);
        jobs.setPaused(jobSpec.name(), false);
        for (JobStore.StoredJob other : jobs.all()) {
            if (!other.name().equals(jobSpec.name()) && !other.paused()) {
                jobs.setPaused(other.name(), true);
                out.println("paused job " + other.name() + ": the demo runs one job at a time");
            }
        }
    }

    /** A dispatcher or an agent that exits ends the demo; so does losing every worker. One lost worker is reported. */
    private void checkChildren(LocalProcess dispatcher, LocalProcess agent, List<LocalProcess> workerProcesses, Set<String> reported) {
        if (!dispatcher.isAlive()) {
            throw new CliFailure(ExitCode.FAILURE, exitLine(dispatcher));
        }
        if (!agent.isAlive()) {
            throw new CliFailure(ExitCode.FAILURE, exitLine(agent) + " — its workers cannot reach the database without it");
        }
        for (LocalProcess w : workerProcesses) {
            if (!w.isAlive() && reported.add(w.name())) {
                if (reported.size() == workerProcesses.size()) {
                    throw new CliFailure(ExitCode.FAILURE, "every worker exited; the last: " + exitLine(w));
                }
                out.println(exitLine(w) + "; the other workers go on");
            }
        }
    }

    private static String exitLine(LocalProcess p) {
        String last = p.lastLogLine();
        return p.name() + " exited with code " + p.exitCode().orElse(-1) + (last.isEmpty() ? "" : ": " + last) + " — see " + p.logFile();
    }

    private void stopChildren() {
        LocalProcesses p = processes;
        if (p == null) {
            return;
        }
        List<LocalProcess> killed = p.stopAll(STOP_GRACE);
        if (!killed.isEmpty()) {
            out.println("killed (SIGKILL) after " + STOP_GRACE.toSeconds() + " s without stopping: "
                    + killed.stream().map(LocalProcess::toString).collect(Collectors.joining(", ")));
        }
    }

    /** Ctrl-C or SIGTERM: the children stop first, so that they can still write to the database. */
    private void stopOnSignal() {
        if (closed.get()) {
            return;
        }
        stopping.set(true);
        if (out != null) {
            out.println("stopping: the workers finish their task in hand, then the database stops; run the demo again to carry on");
            out.flush();
        }
        close();
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopChildren();
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (out != null) {
            out.flush();
        }
    }
}
