package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "(being built)")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliFailure(ExitCode.FAILURE, "status is being built");
    }
}
