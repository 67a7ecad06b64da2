package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pampa workers start|stop NODE[.N]|--all}: worker processes on nodes, detached from the SSH session. */
@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "Starts or stops workers: NODE.N for one, NODE for workers 1..max_workers of a node, --all for those of every node.",
        subcommands = {WorkersCommand.Start.class, WorkersCommand.Stop.class})
final class WorkersCommand {
    /** Starting a worker takes a round trip and a fork; what is left of a minute per node is for slow logins. */
    static final Duration START_TIMEOUT_PER_NODE = Duration.ofMinutes(2);

    static final class Target {
        @Parameters(index = "0", paramLabel = "NODE[.N]")
        String target;

        @Option(names = "--all", required = true, description = "Workers 1..max_workers of every stored node, many nodes at a time (--parallel),"
                + " a line per worker and one per node that failed, as they happen.")
        boolean all;
    }

    /** A start or stop of the named worker of the node, or of its workers 1..max_workers when the name is null; a line per worker. */
    interface WorkerAction {
        void apply(NodeOperations nodes, NodeSpec node, String worker, Consumer<String> line) throws NodeOperationException;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts the worker NODE.N, or workers 1..max_workers of NODE or of every node; a running worker is left as it is.")
    static final class Start implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Mixin
        DbOptions db;

        @Mixin
        OperatorOptions operator;

        @Mixin
        ParallelOption parallel;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec.commandLine().getOut(), db, operator, parallel, target, "workers start", "start",
                    node -> START_TIMEOUT_PER_NODE, (nodes, node, worker, line) -> {
                        if (worker != null) {
                            line.accept(nodes.startWorker(node, worker).message());
                        } else {
                            nodes.startWorkers(node, started -> line.accept(started.message()));
                        }
                    });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops the worker NODE.N, or every worker of NODE or of every node: SIGTERM, then SIGKILL after the grace period.")
    static final class Stop implements Callable<Integer> {
        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s",
                description = "How long a worker may take to finish its task after SIGTERM (e.g. 30s, 2m). Default: ${DEFAULT-VALUE}.")
        String grace;

        @Mixin
        DbOptions db;

        @Mixin
        OperatorOptions operator;

        @Mixin
        ParallelOption parallel;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration gracePeriod = ProcessTargets.grace(grace);
            // a node's workers stop one after the other, each allowed the whole grace period
            return run(spec.commandLine().getOut(), db, operator, parallel, target, "workers stop", "stop",
                    node -> gracePeriod.multipliedBy(node.maxWorkers()).plus(START_TIMEOUT_PER_NODE),
                    (nodes, node, worker, line) -> {
                        if (worker != null) {
                            line.accept(nodes.stopWorker(node, worker, gracePeriod).message());
                        } else {
                            nodes.stopWorkers(node, gracePeriod, stopped -> line.accept(stopped.message()));
                        }
                    });
        }
    }

    private static int run(PrintWriter out, DbOptions db, OperatorOptions operator, ParallelOption parallel, Target target, String command, String verb,
            java.util.function.Function<NodeSpec, Duration> timeoutOf, WorkerAction action) {
        if (!target.all) {
            ProcessTargets.WorkerTarget t = ProcessTargets.WorkerTarget.parse(target.target);
            NodeSpec node = NodeFailures.load(db, t.node(), command);
            String worker = t.worker(node);
            try (NodeOperations nodes = operator.nodeOperations()) {
                action.apply(nodes, node, worker, line -> {
                    out.println(node.name() + ": " + line);
                    out.flush();
                });
            } catch (NodeOperationException e) {
                throw NodeFailures.of(node, e);
            }
            return ExitCode.OK;
        }
        List<NodeSpec> nodes;
        try (Database d = db.connect(command)) {
            nodes = NodeFailures.all(d);
        }
        if (nodes.isEmpty()) {
            throw new CliFailure(ExitCode.UNKNOWN_NODE, "no node is stored yet — add one with: pampa node add NAME --host HOST --user USER");
        }
        Duration longest = nodes.stream().map(timeoutOf).max(Duration::compareTo).orElseThrow();
        List<NodeResult<Void>> results;
        try (NodeOperations operations = operator.nodeOperations()) {
            results = operations.forEachNode(nodes, parallel.forNodes(nodes.size()), longest, node -> {
                action.apply(operations, node, null, line -> {
                    synchronized (out) {
                        out.println(node.name() + ": " + line);
                        out.flush();
                    }
                });
                return null;
            }, result -> {
                if (!result.ok()) {
                    synchronized (out) {
                        out.println(result.node() + ": FAILED: " + result.problem());
                        out.flush();
                    }
                }
            });
        }
        long failed = results.stream().filter(r -> !r.ok()).count();
        if (failed == 0) {
            return ExitCode.OK;
        }
        if (results.size() == 1) {
            throw new CliFailure(NodeFailures.exitCode(results.get(0).problem()), NodeFailures.line(nodes.get(0), results.get(0).problem()));
        }
        throw new CliFailure(ExitCode.SOME_NODES_FAILED, command + " --all: could not " + verb + " the workers of " + failed + " of "
                + results.size() + " nodes — see each node's FAILED line above, fix, and run it again");
    }
}
