package dev.pampa.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the node's workers that die (a processor calling {@code System.exit}, a JVM crash, a kill)
 * or stop to be replaced (a processor thread they could not stop), with backoff, so that one bad task
 * cannot empty the node (ADR 0006). The agent supervises only when it knows the node's layout
 * ({@code --supervise-base}): it restarts a worker with the command line the worker was started with
 * (read from /proc when it connected, the same user's process), appends to its log
 * {@code logs/NAME.log} and rewrites its pid file {@code run/NAME.pid}, so that status and stop see
 * the new process.
 *
 * <p>A worker is restarted only while its pid file still names the process that ended: a worker the
 * operator stopped (its pid file removed by the stop) or started again is left alone. Backoff: 1 s after
 * the first end, doubling to 60 s; reset once a restarted worker ran for a minute.
 */
final class WorkerSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSupervisor.class);
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 60_000;
    static final long STEADY_MILLIS = 60_000;

    private final Path base;
    private final Map<String, Launch> launches = new HashMap<>();
    private final Map<String, Due> due = new HashMap<>();
    private final Map<String, Integer> endsInARow = new HashMap<>();

    /** How a connected worker was started, and when it connected. */
    private record Launch(List<String> command, long pid, long connectedAtMillis) {
    }

    /** A restart waiting for its time. */
    private record Due(Launch launch, long atMillis, String why) {
    }

    /** @param base the node's base directory (run/ and logs/ under it); null: no supervision */
    WorkerSupervisor(Path base) {
        this.base = base;
    }

    boolean supervising() {
        return base != null;
    }

    /** A worker said Hello: remember how its process was started. */
    void connected(String worker, long pid) {
        if (base == null) {
            return;
        }
        due.remove(worker);
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        Optional<String> command = p.flatMap(h -> h.info().command());
        Optional<String[]> arguments = p.flatMap(h -> h.info().arguments());
        if (command.isEmpty() || arguments.isEmpty()) {
            LOG.warn("worker {} (pid {}): its command line cannot be read, so it cannot be restarted should it die", worker, pid);
            launches.remove(worker);
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get());
        cmd.addAll(List.of(arguments.get()));
        launches.put(worker, new Launch(cmd, pid, System.currentTimeMillis()));
    }

    /** A worker stopped on request: nothing to restart. */
    void stopped(String worker) {
        launches.remove(worker);
        endsInARow.remove(worker);
    }

    /** A worker ended: schedule its restart, after the backoff its recent ends call for. */
    void ended(String worker, String why) {
        Launch l = launches.remove(worker);
        if (base == null || l == null) {
            return;
        }
        long now = System.currentTimeMillis();
        int n = now - l.connectedAtMillis() >= STEADY_MILLIS ? 1 : endsInARow.getOrDefault(worker, 0) + 1;
        endsInARow.put(worker, n);
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(n - 1, 16));
        due.put(worker, new Due(l, now + backoff, why));
        LOG.warn("worker {} {}; restarting it in {} s (end {} in a row)", worker, why, backoff / 1000.0, n);
    }

    /** Starts the workers whose restart is due. Called by the agent's loop; quick when nothing is due. */
    void restartDue(boolean stopping) {
        if (due.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Due>> it = due.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Due> e = it.next();
            String worker = e.getKey();
            Due d = e.getValue();
            if (stopping) {
                it.remove();
                continue;
            }
            if (d.atMillis() > now) {
                continue;
            }
            if (ProcessHandle.of(d.launch().pid()).map(ProcessHandle::isAlive).orElse(false)) {
                // still exiting (a worker that asked for a restart ends after the agent confirmed)
                due.put(worker, new Due(d.launch(), now + 500, d.why()));
                continue;
            }
            it.remove();
            restart(worker, d);
        }
    }

    private void restart(String worker, Due d) {
        Path pidFile = base.resolve("run").resolve(worker + ".pid");
        Path log = base.resolve("logs").resolve(worker + ".log");
        try {
            String recorded = Files.exists(pidFile) ? Files.readString(pidFile, StandardCharsets.UTF_8).strip() : null;
            if (!Long.toString(d.launch().pid()).equals(recorded)) {
                LOG.info("worker {} is not restarted: its pid file {} (stopped or started again by the operator)", worker,
                        recorded == null ? "is gone" : "names another process (" + recorded + ")");
                return;
            }
            List<String> command = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                // a session of its own, as the node's start script gives it: a signal to the agent's group is not its
                command.add("/usr/bin/setsid");
            }
            command.addAll(d.launch().command());
            Files.writeString(log, "---- " + Instant.now() + " restarting " + worker + " by the node's agent: it " + d.why() + " ----\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
            Path tmp = pidFile.resolveSibling(worker + ".pid.tmp");
            Files.writeString(tmp, p.pid() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("restarted worker {} (pid {}; it {})", worker, p.pid(), d.why());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot restart worker {}: {}", worker, e.toString());
        }
    }
}
