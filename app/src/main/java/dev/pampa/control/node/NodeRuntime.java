package dev.pampa.control.node;

import dev.pampa.model.NodeSpec;

/**
 * How a node runs Pampa's processes: its Java command (a name on the node's PATH, an absolute path,
 * or {@code ~/…}), its base directory ({@code ~/…} or absolute), and optional limits per worker:
 * memory in MB ({@code max_ram}), CPU in % of one core ({@code max_cpu}), disk and network bandwidth in
 * KiB/s ({@code max_disk_io}, {@code max_net_io}); null for none.
 */
public record NodeRuntime(String javaCommand, String baseDirectory, Integer maxRamMb, Integer maxCpuPercent,
                          Long maxDiskIoKbps, Long maxNetIoKbps) {

    public NodeRuntime(String javaCommand, String baseDirectory, Integer maxRamMb, Integer maxCpuPercent) {
        this(javaCommand, baseDirectory, maxRamMb, maxCpuPercent, null, null);
    }

    public NodeRuntime {
        if (javaCommand == null || javaCommand.isBlank()) {
            throw new IllegalArgumentException("the Java command on the node cannot be empty");
        }
        if (baseDirectory == null || baseDirectory.isBlank()) {
            throw new IllegalArgumentException("the base directory on the node cannot be empty");
        }
        if (maxRamMb != null && maxRamMb < 16) {
            throw new IllegalArgumentException("max_ram " + maxRamMb + " MB is too small for a JVM (16 MB at least)");
        }
        if (maxCpuPercent != null && maxCpuPercent < 1) {
            throw new IllegalArgumentException("max_cpu " + maxCpuPercent + " % is not a CPU share (1 % at least)");
        }
        if (maxDiskIoKbps != null && maxDiskIoKbps < 1 || maxNetIoKbps != null && maxNetIoKbps < 1) {
            throw new IllegalArgumentException("max_disk_io and max_net_io are 1 KB/s at least");
        }
    }

    /** How the stored node runs its processes, every limit it sets included. */
    public static NodeRuntime of(NodeSpec node) {
        return new NodeRuntime(node.javaCommand(), node.baseDir(), node.maxRamMb(), node.maxCpuPercent(),
                node.maxDiskIoKbps(), node.maxNetIoKbps());
    }
}
