package dev.pampa.control.node;

import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.NodeShell;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.ProcessState;
import dev.pampa.control.testing.StubbornRuntimeMain;
import dev.pampa.store.DbUrl;

/** Starting and stopping processes on any node, with a small fake runtime jar in place of Pampa's. */
abstract class ProcessControlContract {

    static final String AWKWARD_BASE = "proc base; $(touch PWNED) 'q'";
    static final DbUrl DB = DbUrl.of("jdbc:postgresql://127.0.0.1:5432/pampa", "operator", "hunter2-secret");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private final List<Long> seen = new ArrayList<>();

    abstract NodeShell shell();

    Path base() {
        return dir.resolve("node").resolve(AWKWARD_BASE);
    }

    ProcessControl deployed(Class<?> runtimeMain) throws Exception {
        Path jar = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), runtimeMain);
        new Deploy(shell()).deploy(base().toString(), jar, List.of(), DB);
        return new ProcessControl(shell(), new NodeRuntime(JAVA, base().toString(), null, null));
    }

    @AfterEach
    void killEverythingStarted() throws Exception {
        Path run = base().resolve("run");
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                    try {
                        seen.add(Long.parseLong(Files.readString(f).strip()));
                    } catch (NumberFormatException ignored) {
                        // a pid file a test wrote with garbage
                    }
                }
            }
        }
        seen.removeIf(pid -> pid == ProcessHandle.current().pid()); // a test writes this JVM's pid as a stale one
        for (long pid : seen) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : seen) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(alive(pid)).as("process %d left behind", pid).isFalse();
        }
    }

    long track(long pid) {
        seen.add(pid);
        return pid;
    }

    static boolean alive(long pid) {
        return ProcessState.alive(pid);
    }

    /**
     * Whether the process has ended within a few seconds: the stop script sees a process gone once its
     * command line is (the kernel clears it early in exit), a moment before /proc shows it ended.
     */
    static boolean gone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !alive(pid);
    }

    static String commandLine(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
    }

    /** Waits for the fake runtime's output: the JVM's stdout goes to NAME.out, the runtime's own log to NAME.log. */
    void awaitLog(String name, String text) throws Exception {
        Path log = base().resolve("logs/" + name + ".out");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " never said \"" + text + "\": " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    @Test
    void a_started_worker_runs_detached_with_pid_file_and_log_a_second_start_is_a_no_op_and_stop_uses_sigterm() throws Exception {
        ProcessControl control = deployed(FakeRuntimeMain.class);

        StartOutcome started = control.startWorker("n01.1");

        long pid = track(started.pid());
        assertThat(started.started()).isTrue();
        assertThat(started.stalePid()).isNull();
        assertThat(alive(pid)).isTrue();
        assertThat(Files.readString(base().resolve("run/n01.1.pid")).strip()).isEqualTo(Long.toString(pid));
        awaitLog("n01.1", "fake runtime ready");
        String log = Files.readString(base().resolve("logs/n01.1.log"));
        String out = Files.readString(base().resolve("logs/n01.1.out"));
        // whichever launcher this machine allows, the start names it, and the log too
        assertThat(started.launcher()).matches("systemd-run --user scope .*|setsid nohup \\(.+\\)");
        assertThat(log).contains("starting n01.1 with " + started.launcher());
        assertThat(out).contains("PAMPA_DB=set")
                .contains("args=worker --name n01.1 --agent-socket " + base().toRealPath().resolve("run/agent/agent.sock")
                        + " --jobs-dir " + base().toRealPath().resolve("jobs"));
        String commandLine = commandLine(pid);
        assertThat(commandLine).doesNotContain("hunter2-secret").doesNotContain("postgresql")
                .contains(String.join(" ", ProcessControl.WORKER_JVM_OPTIONS));
        assertThat(Files.exists(base().resolve("PWNED")) || Files.exists(dir.resolve("node/PWNED"))).isFalse();
        assertThat(control.status().isRunning("n01.1")).isTrue();

        StartOutcome again = control.startWorker("n01.1");

        assertThat(again.started()).isFalse();
        assertThat(again.pid()).isEqualTo(pid);
        assertThat(again.message()).contains("already running");

        StopOutcome stopped = control.stopWorker("n01.1", Duration.ofSeconds(10));

        assertThat(stopped.how()).isEqualTo(StopOutcome.How.TERMINATED);
        assertThat(stopped.pid()).isEqualTo(pid);
        assertThat(gone(pid)).as("pid %d ended", pid).isTrue();
        assertThat(base().resolve("run/n01.1.pid")).doesNotExist();

        StopOutcome stopAgain = control.stopWorker("n01.1", Duration.ofSeconds(10));

        assertThat(stopAgain.how()).isEqualTo(StopOutcome.How.NOT_RUNNING);
        assertThat(stopAgain.message()).contains("not running");
    }

    @Test
    void a_process_that_ignores_sigterm_is_killed_after_the_grace_period() throws Exception {
        ProcessControl control = deployed(StubbornRuntimeMain.class);
        long pid = track(control.startDispatcher().pid());
        awaitLog("dispatcher", "stubborn runtime ready");

        long before = System.nanoTime();
        StopOutcome stopped = control.stopDispatcher(Duration.ofSeconds(2));
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        assertThat(stopped.how()).isEqualTo(StopOutcome.How.KILLED);
        assertThat(stopped.message()).contains("SIGKILL");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(gone(pid)).as("pid %d ended", pid).isTrue();
        assertThat(base().resolve("run/dispatcher.pid")).doesNotExist();
        assertThat(Files.readString(base().resolve("logs/dispatcher.out"))).contains("SIGTERM received");
    }

    @Test
    void a_stale_pid_file_is_reported_by_status_and_cleaned_up_by_start() throws Exception {
        ProcessControl control = deployed(FakeRuntimeMain.class);
        // A pid that is alive but is not our runtime (this test JVM), and one that is not alive at all.
        Files.writeString(base().resolve("run/n01.2.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(base().resolve("run/n01.3.pid"), "999999999\n");

        ProcessStatus status = control.status();

        assertThat(status.running()).isEmpty();
        assertThat(status.stale()).extracting(ProcessStatus.PidFile::process).containsExactlyInAnyOrder("n01.2", "n01.3");

        StartOutcome started = control.startWorker("n01.2");
        track(started.pid());

        assertThat(started.started()).isTrue();
        assertThat(started.stalePid()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(started.message()).contains("stale");
        assertThat(Files.readString(base().resolve("run/n01.2.pid")).strip()).isEqualTo(Long.toString(started.pid()));

        StopOutcome stale = control.stopWorker("n01.3", Duration.ofSeconds(1));

        assertThat(stale.how()).isEqualTo(StopOutcome.How.NOT_RUNNING);
        assertThat(base().resolve("run/n01.3.pid")).doesNotExist();
    }

    @Test
    void starting_on_a_node_without_a_deploy_says_to_deploy_first() {
        ProcessControl control = new ProcessControl(shell(), new NodeRuntime(JAVA, base().toString(), null, null));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> control.startWorker("n01.1"))
                .isInstanceOfSatisfying(NodeOperationException.class, e -> {
                    assertThat(e.problem().cause()).contains("pampa-runtime.jar is missing");
                    assertThat(e.problem().fix()).contains("deploy");
                });
        assertThat(base().resolve("run/n01.1.pid")).doesNotExist();
    }

    @Test
    void a_worker_name_with_shell_metacharacters_is_refused_before_any_command() throws Exception {
        ProcessControl control = new ProcessControl(shell(), new NodeRuntime(JAVA, base().toString(), null, null));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> control.startWorker("n01.1;touch x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(base()).doesNotExist();
    }

    @Test
    void max_ram_adds_a_heap_limit_after_the_lean_options() throws Exception {
        deployed(FakeRuntimeMain.class);
        ProcessControl control = new ProcessControl(shell(), new NodeRuntime(JAVA, base().toString(), 96, null));

        long pid = track(control.startWorker("n01.4").pid());
        // the pid is known before the shell's chain of execs ends in java, and mid-exec cmdline reads empty
        awaitLog("n01.4", "fake runtime ready");

        assertThat(commandLine(pid)).contains("-XX:CICompilerCount=1 -Xmx96m -jar ");
        assertThat(control.stopWorker("n01.4", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }
}
