package dev.pampa.cli;

import dev.pampa.jobs.TaskOperations;
import dev.pampa.jobs.UnknownJobException;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "find", mixinStandardHelpOptions = true,
        description = "Prints the keys of a job's tasks by state, worker and error text, one a line, the latest to end or fail first.")
final class TaskFindCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name.")
    String job;

    @Option(names = "--state", paramLabel = "STATE", description = "pending, retrying, queued, running, done, dead or cancelled.")
    String state;

    @Option(names = "--worker", paramLabel = "NAME", description = "Reserved by, or last ended on, this worker (NODE.N).")
    String worker;

    @Option(names = "--error", paramLabel = "TEXT", description = "The task's last error contains this text, whatever its case.")
    String error;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most this many keys (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    static TaskDetail.State parseState(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("retrying")) {
            return TaskDetail.State.WAITING_RETRY;
        }
        return Arrays.stream(TaskDetail.State.values()).filter(v -> v.name().toLowerCase(Locale.ROOT).equals(s)).findFirst()
                .orElseThrow(() -> new CliFailure(ExitCode.USAGE, "no task state named " + text
                        + " — give one of pending, retrying, queued, running, done, dead, cancelled"));
    }

    @Override
    public Integer call() {
        TaskDetail.State wanted = parseState(state);
        if (limit < 1) {
            throw new CliFailure(ExitCode.USAGE, "--limit must be at least 1, not " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("task find")) {
            List<String> keys = new TaskOperations(d).search(job, wanted, worker, error, limit);
            keys.forEach(out::println);
            out.flush();
            return ExitCode.OK;
        } catch (UnknownJobException e) {
            throw new CliFailure(ExitCode.UNKNOWN_JOB, e.getMessage());
        }
    }
}
