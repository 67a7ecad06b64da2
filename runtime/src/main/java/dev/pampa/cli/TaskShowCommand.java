package dev.pampa.cli;

import dev.pampa.jobs.TaskOperations;
import dev.pampa.jobs.UnknownJobException;
import dev.pampa.report.TaskDetail;
import dev.pampa.store.Database;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Shows a task in any state: its state, tries, worker, times, last error and the row's values.")
final class TaskShowCommand implements Callable<Integer> {
    @Mixin
    TaskKey task;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("task show")) {
            Optional<TaskDetail> found = new TaskOperations(d).find(task.job, task.key);
            if (found.isEmpty()) {
                out.println("job " + task.job + " has no task with the key " + task.key);
                out.flush();
                return TaskAction.NOT_DONE;
            }
            TaskDetail t = found.get();
            out.println("task " + t.key() + ": " + t.state().text());
            out.println("  tries:    " + t.tries());
            out.println("  worker:   " + (t.worker() == null ? "-" : t.worker()));
            out.println("  reserved: " + (t.reservedAt() == null ? "-" : t.reservedAt()));
            out.println("  started:  " + (t.startedAt() == null ? "-" : t.startedAt()));
            out.println("  ended:    " + (t.endedAt() == null ? "-" : t.endedAt()));
            out.println("  error:    " + (t.error() == null ? "-" : t.error().lines().findFirst().orElse("")));
            t.values().forEach((k, v) -> out.println("  " + k + " = " + (v == null ? "NULL" : v)));
            out.flush();
            return ExitCode.OK;
        } catch (UnknownJobException e) {
            throw new CliFailure(ExitCode.UNKNOWN_JOB, e.getMessage());
        }
    }
}
