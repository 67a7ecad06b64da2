package dev.pampa.cli;

import picocli.CommandLine.Command;

/** {@code pampa}: the operator's command; the cockpit and cluster control join it in later issues. */
@Command(name = "pampa", mixinStandardHelpOptions = true, versionProvider = RuntimeVersion.class,
        description = "Pampa, operator side.",
        subcommands = {DemoCommand.class, NodeCommand.class, WorkersCommand.class, DispatcherCommand.class, StatusCommand.class})
public final class OperatorMain {
    public static void main(String[] args) {
        System.exit(RuntimeMain.commandLine(new OperatorMain()).execute(args));
    }
}
