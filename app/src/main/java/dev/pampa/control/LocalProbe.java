package dev.pampa.control;

import dev.pampa.model.NodeSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local node's facts for the Nodes table, read on this machine since {@link Probe} works over SSH:
 * OS, CPUs and memory from this JVM, the node's Java command run here, its base directory checked here.
 */
final class LocalProbe {
    private LocalProbe() {
    }

    static ProbeReport run(NodeSpec node) throws NodeOperationException {
        List<NodeProblem> problems = new ArrayList<>();
        CommandResult java = new LocalShell().run(RemoteCommand.script("""
                where=$(command -v -- "$1" 2>/dev/null) || exit 127
                printf '%s\\n' "$where"
                "$1" -version 2>&1
                """, node.javaCommand()), Duration.ofSeconds(30));
        JavaOnNode found;
        if (!java.succeeded()) {
            found = new JavaOnNode(node.javaCommand(), null, null, null);
            problems.add(new NodeProblem("probe java", "no Java found at " + node.javaCommand() + " on this machine",
                    "set the local node's Java command to a Java " + ProbeSettings.REQUIRED_JAVA + "+ executable"));
        } else {
            String[] lines = java.stdout().split("\n", 2);
            found = JavaOnNode.parse(node.javaCommand(), lines[0], lines.length > 1 ? lines[1] : "");
            if (!found.meetsRequirement()) {
                problems.add(new NodeProblem("probe java", "Java " + found.version() + " at " + lines[0] + " is older than "
                        + ProbeSettings.REQUIRED_JAVA, "set the local node's Java command to a Java " + ProbeSettings.REQUIRED_JAVA + "+ executable"));
            }
        }
        Path base = NodeConnections.expandHome(node.baseDir());
        boolean writable;
        Long freeKb = null;
        try {
            Files.createDirectories(base);
            writable = Files.isWritable(base);
            freeKb = Files.getFileStore(base).getUsableSpace() / 1024;
        } catch (java.io.IOException e) {
            writable = false;
        }
        if (!writable) {
            problems.add(new NodeProblem("probe base directory", "the base directory " + base + " is not writable",
                    "choose a base directory you can write, or fix its permissions"));
        }
        Long memoryKb = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() / 1024 : null;
        return new ProbeReport(new NodeAddress(NodeSpec.LOCAL_HOST, NodeSpec.DEFAULT_PORT, System.getProperty("user.name", "me")), "",
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), memoryKb,
                base.toString(), writable, freeKb, found, problems);
    }
}
