package dev.pampa.cli;

import dev.pampa.control.NodeConnections;
import dev.pampa.control.NodeOperationException;
import dev.pampa.control.ProcessControl;
import dev.pampa.model.NodeSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pampa workers start|stop NODE[.N]}: worker processes on a node, detached from the SSH session. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Starts or stops workers on a node: NODE for workers 1..max_workers, NODE.N for one.",
        subcommands = {WorkersCommand.Start.class, WorkersCommand.Stop.class})
final class WorkersCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts the worker NODE.N, or workers 1..max_workers of NODE; a running worker is left as it is.")
    static final class Start implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE[.N]")
        String target;

        @Mixin
        DbOptions db;

        @Mixin
        OperatorOptions operator;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ProcessTargets.WorkerTarget t = ProcessTargets.WorkerTarget.parse(target);
            NodeSpec node = NodeFailures.load(db, t.node(), "workers start");
            try (NodeConnections connections = operator.connections()) {
                ProcessControl control = new ProcessControl(connections.shell(node), ProcessTargets.runtimeOf(node));
                for (String worker : t.workerNames(node)) {
                    out.println(node.name() + ": " + control.startWorker(worker).message());
                    out.flush();
                }
            } catch (NodeOperationException e) {
                throw NodeFailures.of(node, e);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the worker NODE.N, or every worker of NODE: SIGTERM, then SIGKILL after the grace period.")
    static final class Stop implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE[.N]")
        String target;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
                description = "How long a worker may take to finish its task after SIGTERM (e.g. 30s, 2m). Default: ${DEFAULT-VALUE}.")
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
            ProcessTargets.WorkerTarget t = ProcessTargets.WorkerTarget.parse(target);
            java.time.Duration gracePeriod = ProcessTargets.grace(grace);
            NodeSpec node = NodeFailures.load(db, t.node(), "workers stop");
            try (NodeConnections connections = operator.connections()) {
                ProcessControl control = new ProcessControl(connections.shell(node), ProcessTargets.runtimeOf(node));
                for (String worker : t.workerNames(node)) {
                    out.println(node.name() + ": " + control.stopWorker(worker, gracePeriod).message());
                    out.flush();
                }
            } catch (NodeOperationException e) {
                throw NodeFailures.of(node, e);
            }
            return ExitCode.OK;
        }
    }
}
