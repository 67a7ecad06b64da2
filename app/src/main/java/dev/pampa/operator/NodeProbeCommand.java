package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeProblem;
import dev.pampa.control.node.ProbeReport;
import dev.pampa.model.NodeSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pampa node probe}: connects and reports what the node offers, and what stands in the way of running workers. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Connects to a node over SSH (the local node: none) and reports its OS, CPUs, memory, free disk, Java, and any problem.")
final class NodeProbeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    DbOptions db;

    @Mixin
    OperatorOptions operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        NodeSpec node = NodeFailures.load(db, name, "node probe");
        out.println(node.name() + ": " + (node.isLocal() ? "probing this machine…" : "connecting to " + NodeConnections.addressOf(node) + "…"));
        out.flush();
        ProbeReport report;
        try (NodeOperations nodes = operator.nodeOperations()) {
            report = nodes.probe(node);
        } catch (NodeOperationException e) {
            throw NodeFailures.of(node, e);
        }
        print(out, node, report);
        out.flush();
        if (!report.ready()) {
            NodeProblem first = report.problems().get(0);
            throw new CliFailure(ExitCode.NODE_NOT_READY, NodeFailures.line(node, first)
                    + (report.problems().size() > 1 ? " (and " + (report.problems().size() - 1) + " more above)" : ""));
        }
        return ExitCode.OK;
    }

    static void print(PrintWriter out, NodeSpec node, ProbeReport r) {
        out.println("node " + node.name() + " (" + r.node() + ")");
        out.println("  os:         " + orUnknown(r.os()) + " " + orUnknown(r.architecture()));
        out.println("  cpus:       " + orUnknown(r.cpuCount()));
        out.println("  memory:     " + (r.memoryKb() == null ? "unknown" : r.memoryKb() / 1024 + " MB"));
        out.println("  base dir:   " + orUnknown(r.baseDirectory()) + (r.baseDirectoryWritable() ? " (writable)" : " (NOT writable)"));
        out.println("  free disk:  " + (r.freeDiskKb() == null ? "unknown" : r.freeDiskKb() / 1024 + " MB"));
        out.println("  java:       " + (r.java() == null ? "unknown"
                : r.java().command() + " → " + orUnknown(r.java().foundAt()) + ", version " + orUnknown(r.java().version())));
        out.println("  login:      " + (r.loginNoise().isEmpty() ? "quiet" : "noisy (prints output on exit 0)"));
        for (NodeProblem p : r.problems()) {
            out.println("  problem:    " + p);
        }
        out.println(r.ready() ? "ready to run workers" : "NOT ready: " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s"));
    }

    private static String orUnknown(Object value) {
        return value == null ? "unknown" : value.toString();
    }
}
