package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeParallelism;
import picocli.CommandLine.Option;

/** {@code --parallel N}: how many nodes a command over all nodes works on at once. */
final class ParallelOption {
    @Option(names = "--parallel", paramLabel = "N",
            description = "Work on up to N nodes at once. Default: $" + NodeParallelism.ENVIRONMENT + ", else "
                    + NodeParallelism.DEFAULT_LIMIT + " (fewer when there are fewer nodes).")
    Integer parallel;

    /** How many of {@code nodes} nodes to work on at once. */
    int forNodes(int nodes) {
        try {
            return NodeParallelism.forNodes(nodes, parallel);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
    }
}
