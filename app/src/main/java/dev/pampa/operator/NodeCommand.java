package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import dev.pampa.model.CloseNames;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code pampa node}: only a parent, so that {@code node} alone prints its usage and exits with USAGE. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Defines the nodes that run workers (stored in the database, without secrets),",
                "and reaches them: trust, install-key, probe, deploy, logs."},
        subcommands = {NodeAddCommand.class, NodeListCommand.class, NodeShowCommand.class, NodeRemoveCommand.class,
                NodeProbeCommand.class, NodeTrustCommand.class, NodeInstallKeyCommand.class, NodeDeployCommand.class, NodeLogsCommand.class})
final class NodeCommand {

    /** The failure for a node name that is not stored, naming the nodes that are. */
    static CliFailure unknownNode(String name, List<String> known) {
        if (known.isEmpty()) {
            return new CliFailure(ExitCode.UNKNOWN_NODE, "no node named " + name + ": no node is stored yet"
                    + " — add one with: pampa node add NAME --host HOST --user USER");
        }
        String hint = CloseNames.didYouMean(CloseNames.to(name, known, 2));
        return new CliFailure(ExitCode.UNKNOWN_NODE, "no node named " + name + " (known nodes: " + String.join(", ", known) + ")"
                + " — " + (hint.isEmpty() ? "give one of the known names" : hint));
    }
}
