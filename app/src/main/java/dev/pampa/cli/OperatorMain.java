package dev.pampa.cli;

import picocli.CommandLine.Command;

/** {@code pampa}: the operator's command: nodes, deploys, workers and the dispatcher on them, and their status; the cockpit joins it later. */
@Command(name = "pampa", mixinStandardHelpOptions = true, versionProvider = RuntimeVersion.class,
        description = "Pampa, operator side.",
        subcommands = {DemoCommand.class, NodeCommand.class, WorkersCommand.class, DispatcherControlCommand.class, ClusterStatusCommand.class})
public final class OperatorMain {
    public static void main(String[] args) {
        System.exit(RuntimeMain.commandLine(new OperatorMain()).execute(args));
    }
}
