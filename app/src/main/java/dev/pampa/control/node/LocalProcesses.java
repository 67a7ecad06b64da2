package dev.pampa.control.node;

import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher and workers of the local node, run as child processes of this JVM from the jar it
 * runs from ({@code CLASSPATH=JAR java dev.pampa.cli.RuntimeMain worker --name local.1}). Each logs to
 * its own file ({@code dispatcher.log}, {@code local.1.log}), appended to under a line that marks the
 * start and rotated by the runtime; the JVM's own stdout and stderr go to {@code NAME.out} beside it.
 *
 * <p>The database URL goes in PAMPA_DB, not in the arguments, where {@code ps} would show its
 * credentials. The pids of the children are kept in {@code children.pid} in the log directory, so
 * that a later run can tell whether children of a run that was killed still run: two workers with
 * the same name would pass each other's fences.
 */
public final class LocalProcesses implements AutoCloseable {
    static final String RUNTIME_MAIN = "dev.pampa.cli.RuntimeMain";
    static final String PID_FILE = "children.pid";
    static final String AGENT = "agent";
    /**
     * The options the operator's start gives a node's processes (small heaps, one GC thread, C1 only):
     * the demo's cluster runs as a real one does.
     */
    private static final List<String> JVM_OPTIONS = ProcessControl.WORKER_JVM_OPTIONS;

    private final String classPath;
    private final DbUrl db;
    private final Path logDirectory;
    private final String mainClass;
    private final List<LocalProcess> started = new CopyOnWriteArrayList<>();

    public LocalProcesses(String classPath, DbUrl db, Path logDirectory) {
        this(classPath, db, logDirectory, RUNTIME_MAIN);
    }

    /** With another main class in place of the runtime's, for tests. */
    LocalProcesses(String classPath, DbUrl db, Path logDirectory, String mainClass) {
        this.classPath = classPath;
        this.db = db;
        this.logDirectory = logDirectory;
        this.mainClass = mainClass;
    }

    /**
     * The class path to start runtime processes with: the jar this class was loaded from, or the
     * JVM's class path when running from class directories (an IDE, a test).
     */
    public static String ownClassPath() {
        try {
            Path self = Path.of(LocalProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self)) {
                return self.toString();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no usable code source: fall back to the class path
        }
        return System.getProperty("java.class.path");
    }

    /**
     * Runtime processes a previous run in this log directory started and that still run, e.g. because
     * that run was killed with SIGKILL and could not stop them.
     */
    public static List<ProcessHandle> leftRunning(Path logDirectory) {
        Path file = logDirectory.resolve(PID_FILE);
        List<ProcessHandle> alive = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ", 2);
                if (parts.length < 2) {
                    continue;
                }
                try {
                    ProcessHandle.of(Long.parseLong(parts[0]))
                            .filter(ProcessHandle::isAlive)
                            // a pid reused by an unrelated process after a reboot is not ours
                            .filter(p -> p.info().commandLine().map(c -> c.contains(" " + parts[1])).orElse(true))
                            .ifPresent(alive::add);
                } catch (NumberFormatException e) {
                    // a line we did not write; ignore it
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return alive;
    }

    public LocalProcess startDispatcher() {
        return start("dispatcher", List.of("dispatcher"));
    }

    /** A worker served by the node's agent at {@code agentSocket} (start the agent first). */
    public LocalProcess startWorker(String name, Path agentSocket) {
        return start(name, List.of("worker", "--name", name, "--agent-socket", agentSocket.toString()));
    }

    /** The node's agent: the only database client of its workers, which reach it at {@code socket}. */
    public LocalProcess startAgent(String node, Path socket) {
        return start(AGENT, List.of("agent", "--node", node, "--socket", socket.toString()));
    }

    private LocalProcess start(String name, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add(mainClass);
        command.addAll(args);
        Path log = logDirectory.resolve(name + ".log");
        // the runtime rotates its own log (PAMPA_LOG_FILE); the JVM's own output, a crash's, goes beside it
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory.resolve(name + ".out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().put("PAMPA_DB", db.withCredentials());
        pb.environment().put("PAMPA_LOG_FILE", log.toString());
        // the class path goes in the environment, not the arguments: the kernel cuts a long command
        // line when it is read back, and children are recognised by their arguments
        pb.environment().put("CLASSPATH", classPath);
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(log, "---- " + Instant.now() + " started: " + String.join(" ", args) + " ----\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            LocalProcess p = new LocalProcess(name, pb.start(), log);
            started.add(p);
            Files.writeString(logDirectory.resolve(PID_FILE), p.pid() + " " + name + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, started.size() == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Every process started, in order. */
    public List<LocalProcess> started() {
        return List.copyOf(started);
    }

    /**
     * Asks every process still running to stop (SIGTERM: a worker finishes its task in hand and hands
     * its queue back), waits up to {@code grace} for all of them, then kills (SIGKILL) what is left.
     * Returns the processes that had to be killed.
     */
    public List<LocalProcess> stopAll(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        // the agent last: the workers hand their queues back through it
        List<LocalProcess> killed = new ArrayList<>(stop(started.stream().filter(p -> !p.name().equals(AGENT)).toList(), deadline));
        killed.addAll(stop(started.stream().filter(p -> p.name().equals(AGENT)).toList(), deadline));
        if (started.stream().noneMatch(LocalProcess::isAlive)) {
            try {
                Files.deleteIfExists(logDirectory.resolve(PID_FILE));
            } catch (IOException e) {
                // a stale pid file names dead processes, which leftRunning ignores
            }
        }
        return killed;
    }

    private static List<LocalProcess> stop(List<LocalProcess> processes, long deadline) {
        for (LocalProcess p : processes) {
            if (p.isAlive()) {
                p.process().destroy();
            }
        }
        List<LocalProcess> killed = new ArrayList<>();
        for (LocalProcess p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    killed.add(p);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.process().destroyForcibly();
                killed.add(p);
            }
        }
        return killed;
    }

    /** Stops everything, allowing 30 seconds. */
    @Override
    public void close() {
        stopAll(Duration.ofSeconds(30));
    }
}
