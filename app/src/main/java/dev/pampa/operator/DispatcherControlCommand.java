package dev.pampa.operator;

import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.model.NodeSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pampa dispatcher start|stop --node NODE}: the dispatcher process on the chosen node. */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
        description = "Starts or stops the dispatcher on a node.",
        subcommands = {DispatcherControlCommand.Start.class, DispatcherControlCommand.Stop.class})
final class DispatcherControlCommand {

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the dispatcher on the node; a running one is left as it is.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--node", required = true, paramLabel = "NODE")
        String nodeName;

        @Mixin
        DbOptions db;

        @Mixin
        OperatorOptions operator;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            NodeSpec node = NodeFailures.load(db, nodeName, "dispatcher start");
            try (NodeOperations nodes = operator.nodeOperations()) {
                out.println(node.name() + ": " + nodes.startDispatcher(node).message());
            } catch (NodeOperationException e) {
                throw NodeFailures.of(node, e);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the dispatcher on the node: SIGTERM, then SIGKILL after the grace period.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--node", required = true, paramLabel = "NODE")
        String nodeName;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s", description = "Default: ${DEFAULT-VALUE}.")
        String grace;

        @Mixin
        DbOptions db;

        @Mixin
        OperatorOptions operator;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            java.time.Duration gracePeriod = ProcessTargets.grace(grace);
            NodeSpec node = NodeFailures.load(db, nodeName, "dispatcher stop");
            try (NodeOperations nodes = operator.nodeOperations()) {
                out.println(node.name() + ": " + nodes.stopDispatcher(node, gracePeriod).message());
            } catch (NodeOperationException e) {
                throw NodeFailures.of(node, e);
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
