package dev.pampa.operator;

import dev.pampa.cli.CliFailure;
import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.control.node.DeployReport;
import dev.pampa.control.node.JarsToDeploy;
import dev.pampa.control.node.NodeDeployment;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.node.ShippedJars;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pampa node deploy}: the runtime jar and the job jars onto one node or all of them, skipping
 * files the node already holds, and the node's pampa.env pointing at the database given by --db.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Uploads pampa-runtime.jar and the job jars to a node (or every node), skipping unchanged files,",
                "and writes the node's pampa.env (mode 0600) with the database URL given by --db / PAMPA_DB."})
final class NodeDeployCommand implements Callable<Integer> {
    static final Duration TIMEOUT_PER_NODE = Duration.ofMinutes(10);

    static final class Target {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--all", required = true, description = "Every stored node.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(names = "--runtime-jar", paramLabel = "PATH",
            description = "The runtime jar. Default: runtime/target/pampa-runtime.jar found near this program's jar.")
    Path runtimeJar;

    @Option(names = "--jobs-dir", paramLabel = "DIR",
            description = "A directory whose *.jar files are the job jars. Default: the sample jobs jar found near this program's jar.")
    Path jobsDir;

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
        PrintWriter out = spec.commandLine().getOut();
        Path runtime = runtimeJar != null ? existing(runtimeJar, "--runtime-jar") : ShippedJars.runtime().orElseThrow(() -> new CliFailure(
                ExitCode.USAGE, "no pampa-runtime.jar found near " + ShippedJars.home() + " — give it with --runtime-jar PATH"));
        List<Path> jobJars = jobJars();
        DbUrl url = db.url();
        List<NodeSpec> nodes;
        try (Database d = db.connect("node deploy")) {
            nodes = target.all ? NodeFailures.all(d) : List.of(NodeFailures.find(d, target.name));
        }
        if (nodes.isEmpty()) {
            throw new CliFailure(ExitCode.UNKNOWN_NODE, "no node is stored yet — add one with: pampa node add NAME --host HOST --user USER");
        }
        JarsToDeploy jars = new JarsToDeploy(runtime, jobJars);
        try (NodeOperations operations = operator.nodeOperations()) {
            // each node's outcome printed as it finishes, not once the slowest has
            List<NodeResult<NodeDeployment>> results = operations.forEachNode(nodes, parallel.forNodes(nodes.size()), TIMEOUT_PER_NODE, node -> {
                synchronized (out) {
                    out.println(node.name() + ": deploying " + runtime.getFileName() + " (" + megabytes(runtime) + ")"
                            + (jobJars.isEmpty() ? "" : " and " + jobJars.size() + " job jar" + (jobJars.size() == 1 ? "" : "s")) + "…");
                    out.flush();
                }
                return operations.deploy(node, jars, url);
            }, r -> {
                synchronized (out) {
                    printOutcome(out, r, nodes.size() > 1);
                }
            });
            return report(nodes, results);
        }
    }

    private static void printOutcome(PrintWriter out, NodeResult<NodeDeployment> r, boolean manyNodes) {
        if (r.ok()) {
            DeployReport report = r.value().files();
            out.println(r.node() + ": " + (report.changedNothing() ? "up to date, " : "") + "sent " + report.sent().size()
                    + (report.sent().isEmpty() ? "" : " (" + String.join(", ", report.sent()) + ", " + megabytes(report.bytesSent()) + ")")
                    + ", skipped " + report.skipped().size() + " unchanged, in " + report.duration().toMillis() + " ms; config "
                    + report.baseDirectory() + "/pampa.env written; " + r.value().archive().describe());
        } else if (manyNodes) {
            out.println(r.node() + ": FAILED: " + r.problem());
        }
        out.flush();
    }

    private static int report(List<NodeSpec> nodes, List<NodeResult<NodeDeployment>> results) {
        int failed = 0;
        int lastCode = ExitCode.OK;
        String lastLine = null;
        for (int i = 0; i < results.size(); i++) {
            NodeResult<NodeDeployment> r = results.get(i);
            if (!r.ok()) {
                failed++;
                lastCode = NodeFailures.exitCode(r.problem());
                lastLine = NodeFailures.line(nodes.get(i), r.problem());
            }
        }
        if (failed == 0) {
            return ExitCode.OK;
        }
        if (results.size() == 1) {
            throw new CliFailure(lastCode, lastLine);
        }
        throw new CliFailure(ExitCode.SOME_NODES_FAILED, "deploy failed on " + failed + " of " + results.size()
                + " nodes — see each node's line above, fix, and deploy again (unchanged files are skipped)");
    }

    private List<Path> jobJars() {
        if (jobsDir == null) {
            return JarsToDeploy.shippedJobs();
        }
        if (!Files.isDirectory(jobsDir)) {
            throw new CliFailure(ExitCode.USAGE, "--jobs-dir " + jobsDir + " is not a directory — give the directory that holds the job jars");
        }
        try (Stream<Path> files = Files.list(jobsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.FAILURE, "cannot list " + jobsDir + ": " + e.getMessage() + " — check its permissions");
        }
    }

    private static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(ExitCode.USAGE, option + " " + file + ": no such file — give the path of the jar");
        }
        return file;
    }

    static String megabytes(Path file) {
        try {
            return megabytes(Files.size(file));
        } catch (IOException e) {
            return "size unknown";
        }
    }

    static String megabytes(long bytes) {
        return bytes < 100_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1_000.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
