package dev.pampa.testing;

import dev.pampa.store.DbUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts real worker and dispatcher OS processes for tests, on this JVM's class path, so that the
 * runtime, the sample jobs and whatever the test module adds are all there. The database URL goes
 * in PAMPA_DB, never in the arguments, where {@code ps} would show its credentials.
 *
 * <p>Use it in try-with-resources: closing it kills whatever it started and is still running, so a
 * failed test leaves no worker behind.
 */
public final class RuntimeProcesses implements AutoCloseable {
    /** Small heaps and the serial collector: a test may run several JVMs on two cores. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    /**
     * {@link #DEFAULT_JVM_OPTIONS} with the client compiler only, for tests: their processes live
     * seconds, so the server compiler's work on two cores would be spent before it paid back. The
     * operator's start of a worker, agent or dispatcher runs them the same way
     * (ProcessControl.WORKER_JVM_OPTIONS), so tests still run what nodes run.
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final List<String> jvmOptions;

    /** With {@link #TEST_JVM_OPTIONS}. */
    public RuntimeProcesses() {
        this(TEST_JVM_OPTIONS);
    }

    /** With other JVM options for the processes, e.g. to measure a worker's memory under them. */
    public RuntimeProcesses(List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    private final List<RuntimeProcess> started = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sets a variable in the environment of the processes started from now on (PAMPA_LOG_FILE, say). */
    public RuntimeProcesses environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** {@code RuntimeMain worker --name NAME extraArgs…}. */
    public RuntimeProcess startWorker(DbUrl db, String name, Path logFile, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("worker", "--name", name));
        args.addAll(List.of(extraArgs));
        return startJava("dev.pampa.cli.RuntimeMain", db, "worker " + name, logFile, args.toArray(String[]::new));
    }

    /** {@code RuntimeMain agent --node NODE --socket SOCKET extraArgs…}: a node's agent. */
    public RuntimeProcess startAgent(DbUrl db, String node, Path socket, Path logFile, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("agent", "--node", node, "--socket", socket.toString()));
        args.addAll(List.of(extraArgs));
        return startJava("dev.pampa.cli.RuntimeMain", db, "agent " + node, logFile, args.toArray(String[]::new));
    }

    /**
     * {@code RuntimeMain worker --name NAME --agent-socket SOCKET extraArgs…}: a worker served by its node's
     * agent. PAMPA_DB is still set, for processors that ask for {@code TaskContext.db()}.
     */
    public RuntimeProcess startServedWorker(DbUrl db, String name, Path socket, Path logFile, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("worker", "--name", name, "--agent-socket", socket.toString()));
        args.addAll(List.of(extraArgs));
        return startJava("dev.pampa.cli.RuntimeMain", db, "worker " + name, logFile, args.toArray(String[]::new));
    }

    /** {@code RuntimeMain dispatcher extraArgs…}. */
    public RuntimeProcess startDispatcher(DbUrl db, Path logFile, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("dispatcher"));
        args.addAll(List.of(extraArgs));
        return startJava("dev.pampa.cli.RuntimeMain", db, "dispatcher", logFile, args.toArray(String[]::new));
    }

    /** Any main class of the class path, with PAMPA_DB set when {@code db} is given. */
    public RuntimeProcess startJava(String mainClass, DbUrl db, String label, Path logFile, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (db != null) {
            pb.environment().put("PAMPA_DB", db.withCredentials());
        }
        pb.environment().putAll(environment);
        try {
            if (logFile.getParent() != null) {
                Files.createDirectories(logFile.getParent());
            }
            pb.redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
            RuntimeProcess p = new RuntimeProcess(label, pb.start(), logFile);
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + " with " + command.get(0), e);
        }
    }

    /** Every process started, in order. */
    public List<RuntimeProcess> started() {
        return List.copyOf(started);
    }

    /** Kills (SIGKILL) every process still running and waits until each is gone. */
    @Override
    public void close() {
        for (RuntimeProcess p : started) {
            if (p.isAlive()) {
                p.kill9();
            }
        }
    }
}
