package dev.pampa.operator;

import dev.pampa.cli.DbOptions;
import dev.pampa.cli.ExitCode;
import dev.pampa.logging.LogSettings;
import dev.pampa.model.NodeYaml;
import dev.pampa.store.Database;
import dev.pampa.store.NodeStore;
import dev.pampa.store.NodeStore.StoredNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pampa node show}: the node in its YAML form, so that the output can be edited and added again. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints a stored node as YAML (usable with node add --file).")
final class NodeShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Database d = db.connect("node show")) {
            NodeStore nodes = new NodeStore(d.dsl());
            StoredNode node = nodes.find(name).orElseThrow(() -> NodeCommand.unknownNode(name, nodes.names()));
            out.println("# added " + node.createdAt() + ", last changed " + node.updatedAt());
            out.print(NodeYaml.write(node.spec()));
            LogSettings logs = LogSettings.fromEnvironment(java.util.Map.of());
            out.println("# logs: each process's log rotated at " + logs.maxFileBytes() / (1024 * 1024) + " MB, " + logs.files()
                    + " files kept (" + logs.maxTotalBytes() / (1024 * 1024) + " MB), the same line repeated summarised every "
                    + logs.summarySeconds() + " s; change with PAMPA_LOG_MAX_MB, PAMPA_LOG_FILES, PAMPA_LOG_SUMMARY_SECONDS in "
                    + node.spec().baseDir() + "/pampa.env");
            out.println("# disk: its agent takes no new tasks while " + node.spec().baseDir() + " has under "
                    + dev.pampa.agent.DiskWatch.DEFAULT_MIN_FREE_DISK_MB_TEXT + " free; change with PAMPA_MIN_FREE_DISK_MB in pampa.env (0: no watch)");
            out.flush();
            return ExitCode.OK;
        }
    }
}
