package dev.pampa.cli;

import picocli.CommandLine.Command;

/** {@code task}: only a parent, so that {@code task} alone prints its usage and exits with USAGE. */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Looks up one task of a job by its key, cancels it or puts it back to pending.",
        subcommands = {TaskShowCommand.class, TaskFindCommand.class, TaskCancelCommand.class, TaskRetryCommand.class})
public final class TaskCommand {
}
