package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "job", mixinStandardHelpOptions = true, description = "(being built)")
final class JobCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliFailure(ExitCode.FAILURE, "job is being built");
    }
}
