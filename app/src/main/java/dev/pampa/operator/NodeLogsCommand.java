package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.node.ProcessLog;
import dev.pampa.control.node.ProcessName;
import dev.pampa.model.NodeSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pampa node logs}: the last lines of a worker's, the agent's or the dispatcher's log, and follow mode. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Prints the last lines of the log of worker NODE.N, or of a node's agent or dispatcher; -f keeps printing new lines.")
final class NodeLogsCommand implements Callable<Integer> {
    static final Duration POLL = Duration.ofSeconds(1);

    static final class Target {
        @Parameters(index = "0", paramLabel = "NODE.N")
        String worker;

        @Option(names = "--dispatcher", paramLabel = "NODE", required = true, description = "The dispatcher's log on this node.")
        String dispatcherNode;

        @Option(names = "--agent", paramLabel = "NODE", required = true, description = "The log of the node's agent, which serves its workers.")
        String agentNode;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(names = "-n", paramLabel = "LINES", defaultValue = "50", description = "How many lines. Default: ${DEFAULT-VALUE}.")
    int lines;

    @Option(names = "-f", description = "Follow: print new lines as they come (polling each second) until interrupted.")
    boolean follow;

    @Mixin
    DbOptions db;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String nodeName;
        ProcessName process;
        if (target.dispatcherNode != null) {
            nodeName = target.dispatcherNode;
            process = ProcessName.DISPATCHER;
        } else if (target.agentNode != null) {
            nodeName = target.agentNode;
            process = ProcessName.AGENT;
        } else {
            ProcessTargets.WorkerTarget t = ProcessTargets.WorkerTarget.parse(target.worker);
            if (t.number() == null) {
                throw new CliFailure(ExitCode.USAGE, "\"" + target.worker + "\" names a node, not a worker — give NODE.N, --agent NODE or --dispatcher NODE");
            }
            nodeName = t.node();
            process = ProcessName.worker(target.worker);
        }
        NodeSpec node = NodeFailures.load(db, nodeName, "node logs");
        try (NodeOperations nodes = operator.nodeOperations()) {
            ProcessLog log = nodes.log(node, process);
            ProcessLog.Lines read = log.last(lines);
            read.lines().forEach(out::println);
            out.flush();
            while (follow && !Thread.currentThread().isInterrupted()) {
                Thread.sleep(POLL.toMillis());
                read = log.after(read.linesSoFar());
                read.lines().forEach(out::println);
                out.flush();
            }
        } catch (NodeOperationException e) {
            throw NodeFailures.of(node, e);
        }
        return ExitCode.OK;
    }
}
