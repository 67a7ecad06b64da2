package dev.pampa.cli;

import dev.pampa.jobcode.JobsPath;
import dev.pampa.jobs.RowTrials;
import dev.pampa.jobs.TaskOperations;
import dev.pampa.jobs.UnknownJobException;
import dev.pampa.report.RowTrialOutcome;
import dev.pampa.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "try", mixinStandardHelpOptions = true,
        description = {"Runs the job's processor on one row, in a process of its own, and prints what it would write or how it failed;"
                + " nothing is written unless --write is given (then only on a pending task, as shown).",
                "Exit 0 when the processor returned (and, with --write, the task was written), 1 otherwise."})
final class JobTryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name.")
    String name;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The key of the row to try the processor on.")
    String key;

    @Option(names = "--write", description = "Write the outcome if the processor returned: the task ends done with the columns shown.")
    boolean write;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the trial may run before its process is killed (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--jobs-dir", paramLabel = "DIR", description = "Where job jars are. Default: $PAMPA_JOBS_DIR, else jobs/ beside the runtime jar.")
    Path jobsDir;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("job try")) {
            RowTrials trials = new RowTrials(d, JobsPath.resolveDirectory(jobsDir));
            RowTrialOutcome outcome = trials.dryRun(name, key, timeout);
            out.println(outcome.describe());
            boolean ok = outcome.kind() == RowTrialOutcome.Kind.DONE;
            if (write) {
                TaskOperations.Outcome written = trials.write(name, key, outcome, "pampa job try --write");
                out.println(written.message());
                ok = written.acted();
            } else if (outcome.writable()) {
                out.println("Nothing written: add --write to write it.");
            }
            out.flush();
            return ok ? ExitCode.OK : ExitCode.FAILURE;
        } catch (UnknownJobException e) {
            throw new CliFailure(ExitCode.UNKNOWN_JOB, e.getMessage());
        }
    }
}
