package dev.pampa.model;

import java.util.regex.Pattern;

/**
 * A machine that runs workers, checked (build one through {@link NodeDraft#toSpec()}). Holds no secret:
 * a key is named by its path ({@code keyPath} null means Pampa's own key); passwords are never kept.
 * {@code maxRamMb}, {@code maxCpuPercent}, {@code maxDiskIoKbps} and {@code maxNetIoKbps} (KiB/s, see
 * {@link IoRate}) are per worker, null when unlimited.
 */
public record NodeSpec(String name, String host, int port, String user, NodeAuth auth, String keyPath, int maxWorkers,
                       String javaCommand, String baseDir, Integer maxRamMb, Integer maxCpuPercent, Long maxDiskIoKbps,
                       Long maxNetIoKbps) {
    /** Node names end up in worker names and remote paths, so they are restricted before any use. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    public static final String LOCAL = "local";
    public static final int DEFAULT_PORT = 22;
    public static final int DEFAULT_MAX_WORKERS = 1;
    public static final String DEFAULT_JAVA_COMMAND = "java";
    public static final String DEFAULT_BASE_DIR = "~/.pampa";
    public static final String LOCAL_HOST = "localhost";

    /** A last guard, whoever builds the spec: a name that could reach a shell never makes a NodeSpec. */
    public NodeSpec {
        if (!validName(name)) {
            throw new IllegalArgumentException("node name '" + name + "' is not 1 to 63 letters, digits, '-' or '_'");
        }
        if (auth == null) {
            throw new IllegalArgumentException("node " + name + " has no auth kind");
        }
    }

    /** A node without I/O limits. */
    public NodeSpec(String name, String host, int port, String user, NodeAuth auth, String keyPath, int maxWorkers,
                    String javaCommand, String baseDir, Integer maxRamMb, Integer maxCpuPercent) {
        this(name, host, port, user, auth, keyPath, maxWorkers, javaCommand, baseDir, maxRamMb, maxCpuPercent, null, null);
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public boolean isLocal() {
        return LOCAL.equals(name);
    }
}
