package dev.pampa.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "dispatcher", mixinStandardHelpOptions = true, description = "(being built)")
final class DispatcherCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new CliFailure(ExitCode.FAILURE, "dispatcher is being built");
    }
}
