package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels a pending or queued task: it ends cancelled and never starts (a worker that has it queued does not start it).",
                "A running task is not cancelled. Exit 0 when cancelled, 1 when the task's state kept it from being cancelled."})
final class TaskCancelCommand implements Callable<Integer> {
    @Mixin
    TaskKey task;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return TaskAction.run(db, "task cancel", spec.commandLine().getOut(), t -> t.cancel(task.job, task.key, "pampa task cancel"));
    }
}
