package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.store.NodeStore.NodeRemoval;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Removes a stored node; refused while workers of it run or stop. Nothing on the node itself is touched.")
final class NodeRemoveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("node remove")) {
            NodeStore nodes = new NodeStore(d.dsl());
            NodeRemoval removal = nodes.remove(name);
            switch (removal.outcome()) {
                case UNKNOWN -> throw NodeCommand.unknownNode(name, nodes.names());
                case WORKERS_ACTIVE -> throw new CliFailure(ExitCode.NODE_IN_USE, "node " + name + " has "
                        + removal.activeWorkers().size() + " worker" + (removal.activeWorkers().size() == 1 ? "" : "s")
                        + " running or stopping (" + String.join(", ", removal.activeWorkers()) + ")"
                        + " — stop them first with: pampa workers stop " + name);
                case REMOVED -> out.println("removed node " + name);
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
