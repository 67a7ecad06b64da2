package dev.pampa.control.node;

import dev.pampa.control.shell.NodeProblem;
import java.util.List;

/**
 * What a probe found on a node. A fact that could not be read is null and, when it matters, has a
 * problem in {@link #problems()}.
 *
 * @param node               the node as its shell names it ({@code user@host:port}, or the local node)
 * @param loginNoise         what the login shell printed for {@code exit 0}; empty for a quiet shell
 * @param memoryKb           MemTotal from /proc/meminfo
 * @param baseDirectory      the base directory as the node resolved it (home expanded)
 * @param freeDiskKb         space available to the user in the base directory's file system
 */
public record ProbeReport(
        String node,
        String loginNoise,
        String os,
        String architecture,
        Integer cpuCount,
        Long memoryKb,
        String baseDirectory,
        boolean baseDirectoryWritable,
        Long freeDiskKb,
        JavaOnNode java,
        List<NodeProblem> problems) {

    public ProbeReport {
        problems = List.copyOf(problems);
    }

    /** True when nothing stands in the way of running workers on this node. */
    public boolean ready() {
        return problems.isEmpty();
    }
}
