package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true, description = "(being built)")
final class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliFailure(ExitCode.FAILURE, "worker is being built");
    }
}
