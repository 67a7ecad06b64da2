package dev.pampa.cli;

import dev.pampa.model.CloseNames;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code job}: only a parent, so that {@code job} alone prints its usage and exits with USAGE. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Defines jobs and pauses or resumes them.",
        subcommands = {JobApplyCommand.class, JobListCommand.class, JobPauseCommand.class, JobResumeCommand.class})
public final class JobCommand {

    /** The failure for a job name that is not stored, naming the jobs that are. */
    static CliFailure unknownJob(String name, List<String> known) {
        if (known.isEmpty()) {
            return new CliFailure(ExitCode.UNKNOWN_JOB, "no job named " + name + ": no job is stored yet"
                    + " — store one with: java -jar pampa-runtime.jar job apply FILE.yaml");
        }
        String hint = CloseNames.didYouMean(CloseNames.to(name, known, 2));
        return new CliFailure(ExitCode.UNKNOWN_JOB, "no job named " + name + " (known jobs: " + String.join(", ", known) + ")"
                + " — " + (hint.isEmpty() ? "give one of the known names" : hint));
    }
}
