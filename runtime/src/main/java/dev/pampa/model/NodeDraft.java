package dev.pampa.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A node as the operator gave it (CLI options or YAML), every value nullable so that defaults can be
 * told from values. {@link #toSpec()} reports every problem at once, or gives the checked node.
 *
 * @param auth a private key file's path, the word {@code password}, or null for Pampa's own key
 * @param maxDiskIo a rate as written ({@link IoRate}: {@code 20M}, {@code 512K}; a bare number is MB/s), or null
 * @param maxNetIo  the same for the network
 */
public record NodeDraft(String name, String host, Integer port, String user, String auth, Integer maxWorkers,
                        String javaCommand, String baseDir, Integer maxRamMb, Integer maxCpuPercent, String maxDiskIo,
                        String maxNetIo) {
    public static final String PASSWORD = "password";
    static final int MAX_MAX_WORKERS = 1_000;
    static final int MIN_RAM_MB = 64;
    /** 16 TiB: far above any machine, low enough to catch a value given in bytes or KB. */
    static final int MAX_RAM_MB = 16 * 1024 * 1024;
    /** 100 % per core, up to 100 cores, as systemd's CPUQuota counts. */
    static final int MAX_CPU_PERCENT = 10_000;

    // Host names, IPv4 and IPv6 addresses (with an optional zone); a leading '-' could pass for an option.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:%\\[\\]][A-Za-z0-9_.:%\\[\\]-]{0,254}");
    // POSIX user names, plus '@' for directory accounts; nothing a shell or a path would read specially.
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@][A-Za-z0-9_.@-]{0,99}");
    private static final int MAX_PATH = 500;

    /** A draft without I/O limits. */
    public NodeDraft(String name, String host, Integer port, String user, String auth, Integer maxWorkers,
                     String javaCommand, String baseDir, Integer maxRamMb, Integer maxCpuPercent) {
        this(name, host, port, user, auth, maxWorkers, javaCommand, baseDir, maxRamMb, maxCpuPercent, null, null);
    }

    /** The checked node. The local node's default max_workers is this machine's number of cores. */
    public NodeSpec toSpec() throws InvalidSpecException {
        List<SpecProblem> problems = new ArrayList<>();
        String n = checkName(problems);
        boolean local = NodeSpec.LOCAL.equals(n);
        String h = checkHost(problems, local);
        int p = range(problems, "port", port, NodeSpec.DEFAULT_PORT, 1, 65_535);
        String u = checkUser(problems, local);
        NodeAuth kind = NodeAuth.KEY;
        String keyPath = null;
        if (local) {
            kind = NodeAuth.NONE;
            if (auth != null) {
                problems.add(new SpecProblem("auth", "'" + auth + "' for the local node", "leave auth out: the local node is this machine, reached without SSH"));
            }
        } else if (auth != null && auth.trim().equals(PASSWORD)) {
            kind = NodeAuth.PASSWORD;
        } else if (auth != null) {
            keyPath = path(problems, "auth", auth, "give the path of a private key file, or 'password' to install Pampa's key with a password once");
        }
        int defaultWorkers = local ? Math.min(MAX_MAX_WORKERS, Runtime.getRuntime().availableProcessors()) : NodeSpec.DEFAULT_MAX_WORKERS;
        int w = range(problems, "max_workers", maxWorkers, defaultWorkers, 1, MAX_MAX_WORKERS);
        String java = javaCommand == null ? NodeSpec.DEFAULT_JAVA_COMMAND
                : path(problems, "java_command", javaCommand, "give the java command on the node, e.g. java or /opt/jdk-17/bin/java");
        String dir = baseDir == null ? NodeSpec.DEFAULT_BASE_DIR
                : path(problems, "base_dir", baseDir, "give a directory on the node, e.g. ~/.pampa or /srv/pampa");
        Integer ram = optionalRange(problems, "max_ram", maxRamMb, MIN_RAM_MB, MAX_RAM_MB, "MB per worker");
        Integer cpu = optionalRange(problems, "max_cpu", maxCpuPercent, 1, MAX_CPU_PERCENT, "% of one core per worker");
        Long disk = rate(problems, "max_disk_io", maxDiskIo);
        Long net = rate(problems, "max_net_io", maxNetIo);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException("node " + (name == null || name.isEmpty() ? "(no name)" : "'" + printable(name) + "'"), problems);
        }
        return new NodeSpec(n, h, p, u, kind, keyPath, w, java, dir, ram, cpu, disk, net);
    }

    /** The draft that gives back {@code spec} exactly; used to write a node's YAML form. */
    public static NodeDraft of(NodeSpec spec) {
        String auth = switch (spec.auth()) {
            case PASSWORD -> PASSWORD;
            case KEY -> spec.keyPath();
            case NONE -> null;
        };
        return new NodeDraft(spec.name(), spec.host(), spec.port(), spec.user(), auth, spec.maxWorkers(),
                spec.javaCommand(), spec.baseDir(), spec.maxRamMb(), spec.maxCpuPercent(),
                spec.maxDiskIoKbps() == null ? null : IoRate.format(spec.maxDiskIoKbps()),
                spec.maxNetIoKbps() == null ? null : IoRate.format(spec.maxNetIoKbps()));
    }

    private static Long rate(List<SpecProblem> problems, String param, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        IoRate.Parsed parsed = IoRate.parse(param, value);
        if (parsed.problem() != null) {
            problems.add(parsed.problem());
        }
        return parsed.kbps();
    }

    private String checkName(List<SpecProblem> problems) {
        if (name == null || name.isEmpty()) {
            problems.add(new SpecProblem("name", "missing", "name the node with 1 to 63 letters, digits, '-' or '_'"));
            return null;
        }
        if (!NodeSpec.validName(name)) {
            String found = name.length() > 63 ? name.length() + " characters" : "has " + offending(name, "[A-Za-z0-9_-]");
            problems.add(new SpecProblem("name", "'" + printable(name) + "' " + found, "use 1 to 63 letters, digits, '-' or '_'"));
            return null;
        }
        return name;
    }

    private String checkHost(List<SpecProblem> problems, boolean local) {
        if (host == null || host.isBlank()) {
            if (local) {
                return NodeSpec.LOCAL_HOST;
            }
            problems.add(new SpecProblem("host", "missing", "give the node's host name or IP address"));
            return null;
        }
        if (host.chars().filter(c -> c == ':').count() == 1) {
            // one colon is no IPv6 address: a port written into the host, which SSH would not read
            problems.add(new SpecProblem("host", "'" + printable(host) + "' looks like host:port", "give the port as port (--port)"));
        } else if (!HOST.matcher(host).matches()) {
            problems.add(new SpecProblem("host", "'" + printable(host) + "' " + (host.length() > 255 ? "is longer than 255 characters"
                    : host.startsWith("-") ? "starts with '-'" : "has " + offending(host, "[A-Za-z0-9_.:%\\[\\]-]")),
                    "give a host name or IP address, without spaces, user@ or :port (use user and port for those)"));
        }
        return host;
    }

    private String checkUser(List<SpecProblem> problems, boolean local) {
        if (local) {
            if (user != null && !user.isEmpty()) {
                problems.add(new SpecProblem("user", "'" + printable(user) + "' for the local node", "leave user out: the local node runs as you"));
            }
            return null;
        }
        if (user == null || user.isBlank()) {
            problems.add(new SpecProblem("user", "missing", "give the SSH user name on the node"));
            return null;
        }
        if (!USER.matcher(user).matches()) {
            problems.add(new SpecProblem("user", "'" + printable(user) + "' " + (user.length() > 100 ? "is longer than 100 characters"
                    : user.startsWith("-") ? "starts with '-'" : "has " + offending(user, "[A-Za-z0-9_.@-]")),
                    "give a user name of letters, digits, '.', '_', '-' or '@'"));
        }
        return user;
    }

    /** Paths and commands are quoted when used; only what no quoting survives is refused here. */
    private static String path(List<SpecProblem> problems, String param, String value, String fix) {
        String v = value.trim();
        if (v.isEmpty()) {
            problems.add(new SpecProblem(param, "empty", fix));
        } else if (v.length() > MAX_PATH) {
            problems.add(new SpecProblem(param, v.length() + " characters", "keep it under " + MAX_PATH + " characters"));
        } else if (v.chars().anyMatch(Character::isISOControl)) {
            problems.add(new SpecProblem(param, "'" + printable(v) + "' has a control character (newline, tab, …)", fix));
        }
        return v;
    }

    private static int range(List<SpecProblem> problems, String param, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(new SpecProblem(param, value + " is out of range", "use a value from " + min + " to " + max + " (or leave it out for " + fallback + ")"));
        }
        return value;
    }

    private static Integer optionalRange(List<SpecProblem> problems, String param, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            problems.add(new SpecProblem(param, value + " is out of range", "use " + min + " to " + max + " " + unit + " (or leave it out for no limit)"));
        }
        return value;
    }

    /** The characters that the allowed class refuses, each once, quoted so that a space shows. */
    private static String offending(String value, String allowedClass) {
        Pattern allowed = Pattern.compile(allowedClass);
        return value.codePoints().distinct()
                .filter(c -> !allowed.matcher(new String(Character.toChars(c))).matches())
                .mapToObj(c -> Character.isISOControl(c) ? String.format("'\\u%04x'", c) : "'" + new String(Character.toChars(c)) + "'")
                .collect(Collectors.joining(" ", "", ""));
    }

    /** The value as it can be shown on one line of a terminal. */
    private static String printable(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return b.toString();
    }
}
