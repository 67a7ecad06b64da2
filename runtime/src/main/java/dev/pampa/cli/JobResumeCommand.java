package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Lets the dispatcher queue the job's tasks again.")
final class JobResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The job's name.")
    String name;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return JobPausedFlag.set(db, name, false, spec.commandLine().getOut());
    }
}
