package dev.pampa.cli;

import dev.pampa.agent.AgentSettings;
import dev.pampa.agent.DiskWatch;
import dev.pampa.agent.NodeAgent;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.AgentRegistry;
import dev.pampa.store.Database;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs a node's agent: the only database client of the node's workers (started with --agent-socket).",
                "It takes tasks for them within their jobs' assignment, hands them over a Unix domain socket, writes",
                "their outcomes and heartbeats for them. Holds two database connections. On SIGTERM it asks its",
                "workers to stop, writes what they hand back and exits 0."})
final class AgentCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Option(names = "--node", required = true, paramLabel = "NODE", description = "The node this agent serves; its workers are NODE.1, NODE.2, …")
    String node;

    @Option(names = "--socket", required = true, paramLabel = "PATH",
            description = "The Unix domain socket workers connect to, e.g. BASE_DIR/run/agent.sock (its directory is made 0700, the socket 0600).")
    Path socket;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Where job jars are (for selecting/occupied/allowing functions). Default: $PAMPA_JOBS_DIR, else jobs/ beside the runtime jar.")
    Path jobsDir;

    @Option(names = "--heartbeat-ms", defaultValue = "2000", description = "Heartbeat period, for the agent and its workers (default ${DEFAULT-VALUE}).")
    int heartbeatMillis;

    @Option(names = "--poll-ms", defaultValue = "500", description = "How often to look for work without a wake-up (default ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--stale-worker-seconds", defaultValue = "10",
            description = "A worker silent this long is taken for dead; an agent of the node with a heartbeat this recent is considered running (default ${DEFAULT-VALUE}).")
    int staleSeconds;

    @Option(names = "--min-free-disk-mb", paramLabel = "MB",
            description = "Take no new tasks while the base directory's file system has less free space than this (default: $PAMPA_MIN_FREE_DISK_MB, else 1024; 0: no watch).")
    String minFreeDiskMb;

    @Option(names = "--disk-path", paramLabel = "DIR", description = "Where to watch the free space (default: the socket's directory, under the node's base directory).")
    Path diskPath;

    @Option(names = "--function-timeout-ms", defaultValue = "1000",
            description = "How long each statement of a job's allowing function may run before it is cancelled (default ${DEFAULT-VALUE}).")
    int functionTimeoutMillis;

    @Option(names = "--supervise-base", paramLabel = "DIR",
            description = {"The node's base directory (run/NAME.pid, logs/NAME.log): restart, with backoff, the workers that die or",
                    "ask to be restarted while their pid file still names them. Given by the operator's start of the agent."})
    Path superviseBase;

    @Option(names = "--max-row-mb", defaultValue = "16", paramLabel = "MB",
            description = {"The largest task row handed to a worker, in MiB (default ${DEFAULT-VALUE}): a larger row is ended dead with",
                    "that cause, never fetched. Raise it only with the workers' heap (-Xmx), which holds a row about three times over."})
    int maxRowMb;

    @Override
    public Integer call() {
        if (functionTimeoutMillis < 1 || functionTimeoutMillis > 600_000) {
            throw new CliFailure(ExitCode.USAGE, "--function-timeout-ms " + functionTimeoutMillis + " is out of range — use 1 to 600000 (default 1000)");
        }
        if (!NodeSpec.validName(node)) {
            throw new CliFailure(ExitCode.USAGE, "node name '" + node + "' is not valid — use letters, digits, '-' and '_'");
        }
        if (heartbeatMillis < 100 || heartbeatMillis * 2L > staleSeconds * 1000L) {
            throw new CliFailure(ExitCode.USAGE, "--heartbeat-ms " + heartbeatMillis + " must be at least 100 and at most half of --stale-worker-seconds");
        }
        if (maxRowMb < 1 || maxRowMb > 48) {
            // rows travel to the workers in frames of at most 64 MiB (ADR 0005)
            throw new CliFailure(ExitCode.USAGE, "--max-row-mb " + maxRowMb + " must be between 1 and 48 (MiB): rows travel to the workers in frames of at most 64 MiB");
        }
        DiskWatch disk;
        try {
            disk = new DiskWatch(diskPath != null ? diskPath : socket.toAbsolutePath().getParent(),
                    DiskWatch.thresholdFrom(minFreeDiskMb != null ? minFreeDiskMb : System.getenv("PAMPA_MIN_FREE_DISK_MB")));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        StopSignal stop = StopSignal.onTermAndInt();
        AgentSettings d = AgentSettings.defaults();
        AgentSettings settings = new AgentSettings(heartbeatMillis, pollMillis, staleSeconds, d.batchBudgetMillis(), d.maxBatch(), maxRowMb * (1L << 20),
                functionTimeoutMillis);
        // one connection for the work, and the LISTEN connection outside the pool: two, whatever the worker count.
        // Cut off mid-transaction, the agent's session is ended by the server within the first level's
        // patience, so the row locks it held do not stall the take-back of its node's tasks.
        try (Database database = db.open(1, "agent " + node, java.time.Duration.ofSeconds(staleSeconds))) {
            new NodeAgent(database, node, RuntimeVersion.current(), socket, JobsPath.of(JobsPath.resolveDirectory(jobsDir)), settings, disk, stop,
                    superviseBase == null ? null : superviseBase.toAbsolutePath()).run();
        } catch (AgentRegistry.NodeTakenException e) {
            throw new CliFailure(ExitCode.FAILURE, e.getMessage());
        } catch (IllegalStateException e) {
            throw new CliFailure(ExitCode.FAILURE, e.getMessage());
        }
        return ExitCode.OK;
    }
}
