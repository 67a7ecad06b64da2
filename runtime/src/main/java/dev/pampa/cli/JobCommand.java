package dev.pampa.cli;

import picocli.CommandLine.Command;

/** {@code job}: only a parent, so that {@code job} alone prints its usage and exits with USAGE. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Defines jobs and pauses or resumes them.",
        subcommands = {JobApplyCommand.class, JobListCommand.class, JobPauseCommand.class, JobResumeCommand.class, JobTryCommand.class, JobTryHereCommand.class})
public final class JobCommand {
}
