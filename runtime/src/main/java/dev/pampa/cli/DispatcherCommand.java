package dev.pampa.cli;

import dev.pampa.dispatch.Dispatcher;
import dev.pampa.dispatch.DispatcherSettings;
import dev.pampa.dispatch.RetentionSettings;
import dev.pampa.store.Database;
import dev.pampa.jobcode.JobsPath;
import dev.pampa.process.StopSignal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dispatcher", mixinStandardHelpOptions = true,
        description = {"Runs the dispatcher: leads while it holds the lease (others stand by), fills workers' queues,",
                "takes back tasks that ran too long or whose worker died. Stops on SIGTERM."})
final class DispatcherCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Option(names = "--node", paramLabel = "NODE", description = "The node this dispatcher runs on, for status and events. Default: the host name.")
    String node;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Where job jars are (for custom selecting/relaunching/occupied/allowing functions).")
    Path jobsDir;

    @Option(names = "--lease-seconds", defaultValue = "10", description = "How long the lease lasts without renewal; a standby takes over after it (default ${DEFAULT-VALUE}).")
    int leaseSeconds;

    @Option(names = "--stale-worker-seconds", defaultValue = "10", description = "A worker without a heartbeat this long is dead and its tasks are taken back (default ${DEFAULT-VALUE}).")
    int staleWorkerSeconds;

    @Option(names = "--poll-ms", defaultValue = "500", description = "A round at least this often without a wake-up (default ${DEFAULT-VALUE}).")
    int pollMillis;

    @Option(names = "--keep-full-stats", defaultValue = "${env:PAMPA_KEEP_FULL_STATS:-24h}", paramLabel = "AGE",
            description = "Stats snapshots kept every 5 s for this long, then one a minute (default ${DEFAULT-VALUE}; s, min, h, d).")
    String keepFullStats;

    @Option(names = "--keep-minute-stats", defaultValue = "${env:PAMPA_KEEP_MINUTE_STATS:-30d}", paramLabel = "AGE",
            description = "Per-minute stats kept this long, then one an hour, kept for good (default ${DEFAULT-VALUE}).")
    String keepMinuteStats;

    @Option(names = "--keep-events", defaultValue = "${env:PAMPA_KEEP_EVENTS:-30d}", paramLabel = "AGE", description = "Events kept this long (default ${DEFAULT-VALUE}).")
    String keepEvents;

    @Option(names = "--keep-stopped", defaultValue = "${env:PAMPA_KEEP_STOPPED:-7d}", paramLabel = "AGE",
            description = "Stopped and dead workers and agents, and node probes, listed this long; their removal stays in the events (default ${DEFAULT-VALUE}).")
    String keepStopped;

    @Option(names = "--housekeeping-every", defaultValue = "1min", paramLabel = "AGE", hidden = true,
            description = "How often the lease holder downsamples and prunes (default ${DEFAULT-VALUE}).")
    String housekeepingEvery;

    @Option(names = "--function-timeout-ms", defaultValue = "1000",
            description = "How long each statement of a job's allowing or reporting function may run before it is cancelled (default ${DEFAULT-VALUE}).")
    int functionTimeoutMillis;

    @Override
    public Integer call() {
        if (functionTimeoutMillis < 1 || functionTimeoutMillis > 600_000) {
            throw new CliFailure(ExitCode.USAGE, "--function-timeout-ms " + functionTimeoutMillis + " is out of range — use 1 to 600000 (default 1000)");
        }
        if (leaseSeconds < 2) {
            throw new CliFailure(ExitCode.USAGE, "--lease-seconds " + leaseSeconds + " is too short — use 2 or more (default 10)");
        }
        StopSignal stop = StopSignal.onTermAndInt();
        DispatcherSettings d = DispatcherSettings.defaults();
        DispatcherSettings settings = new DispatcherSettings(leaseSeconds, Math.max(500, leaseSeconds * 1000 / 5),
                d.standbyPollMillis(), staleWorkerSeconds, pollMillis, d.takeBackMillis(), d.statsMillis(), functionTimeoutMillis);
        RetentionSettings retention;
        try {
            RetentionSettings r = RetentionSettings.defaults();
            retention = new RetentionSettings(Age.parse("--keep-full-stats", keepFullStats), Age.parse("--keep-minute-stats", keepMinuteStats),
                    Age.parse("--keep-events", keepEvents), Age.parse("--keep-stopped", keepStopped),
                    Age.parse("--housekeeping-every", housekeepingEvery), r.batchRows(), r.batchesPerPass());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        String nodeName = node != null ? node : dev.pampa.process.LocalHost.name();
        try (Database database = db.open(4, "dispatcher")) {
            new Dispatcher(database, nodeName, JobsPath.of(JobsPath.resolveDirectory(jobsDir)), settings, retention, stop).run();
        }
        return ExitCode.OK;
    }
}
