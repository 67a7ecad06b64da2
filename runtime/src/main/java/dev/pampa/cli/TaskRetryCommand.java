package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Puts a dead, cancelled or failed task back to pending with fresh tries, or a done one to run again.",
                "Exit 0 when it is pending again, 1 when it has not ended (pending, queued, running)."})
final class TaskRetryCommand implements Callable<Integer> {
    @Mixin
    TaskKey task;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return TaskAction.run(db, "task retry", spec.commandLine().getOut(), t -> t.retry(task.job, task.key));
    }
}
