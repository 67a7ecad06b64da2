package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Stops queueing new tasks of the job; tasks already queued or running finish.")
final class JobPauseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name.")
    String name;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return JobPausedFlag.set(db, name, true, spec.commandLine().getOut());
    }
}
