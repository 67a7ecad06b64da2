package dev.pampa.cli;

import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import dev.pampa.work.Worker;
import dev.pampa.work.WorkerSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs one worker: processes the tasks the dispatcher queues for it until SIGTERM,",
                "then finishes the task in hand, gives its queue back and exits 0."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Option(names = "--name", required = true, paramLabel = "NODE.N", description = "The worker's name, e.g. n01.3.")
    String name;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Where job jars are. Default: $PAMPA_JOBS_DIR, else jobs/ beside the runtime jar.")
    Path jobsDir;

    @Option(names = "--heartbeat-ms", defaultValue = "2000", description = "Heartbeat period (default ${DEFAULT-VALUE}).")
    int heartbeatMillis;

    @Option(names = "--poll-ms", defaultValue = "1000", description = "How often to look for work without a wake-up (default ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--agent-socket", paramLabel = "PATH",
            description = {"Be served by the node's agent at this Unix domain socket (see the agent command): the worker then",
                    "holds no database connection unless a processor asks for TaskContext.db(). Without it the worker",
                    "is its own database client (the mode of workers started before node agents)."})
    Path agentSocket;

    @Option(names = "--stale-worker-seconds", defaultValue = "10", description = "A worker of the same name with a heartbeat this recent is considered running (default ${DEFAULT-VALUE}).")
    int staleSeconds;

    @Option(names = "--max-row-mb", defaultValue = "16", paramLabel = "MB",
            description = {"The largest task row handed to a worker, in MiB (default ${DEFAULT-VALUE}): a larger row is ended dead with",
                    "that cause, never fetched. Raise it only with the workers' heap (-Xmx), which holds a row about three times over."})
    int maxRowMb;

    @Override
    public Integer call() {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || !NodeSpec.validName(name.substring(0, dot)) || !name.substring(dot + 1).matches("[0-9]{1,4}")) {
            throw new CliFailure(ExitCode.USAGE, "worker name '" + name + "' is not NODE.N — use the node's name (letters, digits, '-', '_'), a dot and a number, e.g. n01.3");
        }
        if (maxRowMb < 1 || maxRowMb > 1024) {
            throw new CliFailure(ExitCode.USAGE, "--max-row-mb " + maxRowMb + " must be between 1 and 1024 (MiB)");
        }
        StopSignal stop = StopSignal.onTermAndInt();
        if (agentSocket != null) {
            return AgentModeLauncher.run(name, agentSocket, jobsDir, stop, db);
        }
        WorkerSettings d = WorkerSettings.defaults();
        WorkerSettings settings = new WorkerSettings(heartbeatMillis, pollMillis, d.batchBudgetMillis(), d.maxBatch(), d.poolSize(), staleSeconds, maxRowMb * (1L << 20));
        try (Database database = db.open(settings.poolSize(), "worker " + name)) {
            Worker worker = new Worker(database, name, RuntimeVersion.current(), JobsPath.of(JobsPath.resolveDirectory(jobsDir)), settings, stop);
            boolean handedBack = worker.run();
            if (!handedBack) {
                throw new CliFailure(ExitCode.DB_UNAVAILABLE, "worker " + name + " stopped without handing back its queue: the database stayed unreachable — the dispatcher takes the tasks back once the heartbeat is stale");
            }
            if (worker.restartReason() != null) {
                throw new CliFailure(ExitCode.RESTART_WANTED, "worker " + name + " stopped to be restarted: " + worker.restartReason()
                        + " — its queue was handed back; start it again (a node's agent does that for the workers it serves)");
            }
        } catch (WorkerRegistry.NameTakenException e) {
            throw new CliFailure(ExitCode.FAILURE, e.getMessage());
        }
        return ExitCode.OK;
    }
}
