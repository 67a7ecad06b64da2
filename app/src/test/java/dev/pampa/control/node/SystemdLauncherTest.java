package dev.pampa.control.node;

import dev.pampa.control.shell.LocalShell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.SystemdStandIn;
import dev.pampa.store.DbUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start script's choice of launcher, on the local node with {@link SystemdStandIn stand-ins} for
 * {@code systemd-run} and {@code loginctl} first on the PATH.
 */
class SystemdLauncherTest {

    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final DbUrl DB = DbUrl.of("jdbc:postgresql://127.0.0.1:5432/pampa", "operator", "hunter2-secret");

    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();
    private SystemdStandIn systemd;

    @AfterEach
    void killLeftovers() throws Exception {
        for (long pid : started) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : started) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessControlContract.alive(pid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    private Path base() {
        return dir.resolve("node");
    }

    private Path calls() {
        return dir.resolve("systemd-run.calls");
    }

    /** A PATH whose systemd-run exits with {@code systemdRunStatus} (0: runs the command) and whose loginctl says {@code linger}. */
    private LocalShell shell(int systemdRunStatus, String linger, Map<String, String> more) throws Exception {
        systemd = SystemdStandIn.install(dir.resolve("bin"), calls(), systemdRunStatus, linger);
        Map<String, String> env = new java.util.HashMap<>(more);
        env.put("PATH", systemd.bin() + ":" + System.getenv("PATH"));
        return new LocalShell(env);
    }

    private ProcessControl deployed(LocalShell shell, Integer maxRam, Integer maxCpu) throws Exception {
        Path jar = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        new Deploy(shell).deploy(base().toString(), jar, List.of(), DB);
        return new ProcessControl(shell, new NodeRuntime(JAVA, base().toString(), maxRam, maxCpu));
    }

    /** Waits for the fake runtime's stdout (NAME.out); returns the start script's lines in NAME.log and that output. */
    private String awaitLog(String name, String text) throws Exception {
        Path log = base().resolve("logs/" + name + ".out");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return Files.readString(base().resolve("logs/" + name + ".log")) + Files.readString(log);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(log + " never said \"" + text + "\"");
    }

    private List<String> recordedCalls() throws Exception {
        return systemd.calls();
    }

    @Test
    void where_systemd_run_works_and_the_user_lingers_a_worker_runs_in_a_scope_with_memory_and_cpu_limits_and_stops_on_sigterm() throws Exception {
        ProcessControl control = deployed(shell(0, "yes", Map.of()), 96, 150);

        StartOutcome outcome = control.startWorker("n01.1");
        long pid = outcome.pid();
        started.add(pid);
        String log = awaitLog("n01.1", "fake runtime ready");

        assertThat(outcome.launcher()).startsWith("systemd-run --user scope pampa-n01.1-").endsWith(" MemoryMax=96M CPUQuota=150%");
        assertThat(outcome.message()).contains("with systemd-run --user scope pampa-n01.1-");
        assertThat(log).contains("starting n01.1 with " + outcome.launcher());
        List<String> calls = recordedCalls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).as("the check").isEqualTo("--user|--quiet|--scope|--collect|true|");
        assertThat(calls.get(1)).startsWith("--user|--scope|--quiet|--collect|--unit=pampa-n01.1-")
                .contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|--|" + JAVA + "|")
                .contains("|-Xmx96m|-jar|");
        // systemd-run execed the JVM, so the pid file names the worker itself
        assertThat(ProcessControlContract.commandLine(pid)).startsWith(JAVA + " ").contains("worker --name n01.1");
        assertThat(Files.readString(base().resolve("run/n01.1.pid")).strip()).isEqualTo(Long.toString(pid));
        assertThat(control.status().isRunning("n01.1")).isTrue();

        StopOutcome stopped = control.stopWorker("n01.1", Duration.ofSeconds(10));

        assertThat(stopped.how()).isEqualTo(StopOutcome.How.TERMINATED);
        assertThat(ProcessControlContract.alive(pid)).isFalse();
    }

    @Test
    void the_dispatcher_gets_no_worker_limits_under_systemd() throws Exception {
        ProcessControl control = deployed(shell(0, "yes", Map.of()), 96, 150);

        StartOutcome outcome = control.startDispatcher();
        started.add(outcome.pid());
        awaitLog("dispatcher", "fake runtime ready");

        assertThat(outcome.launcher()).startsWith("systemd-run --user scope pampa-dispatcher-").doesNotContain("MemoryMax");
        assertThat(recordedCalls().get(1)).doesNotContain("MemoryMax").doesNotContain("CPUQuota").doesNotContain("-Xmx96m");
        assertThat(control.stopDispatcher(Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void where_systemd_run_user_fails_the_worker_starts_with_setsid_nohup_and_heap_limit_and_says_why() throws Exception {
        ProcessControl control = deployed(shell(1, "yes", Map.of()), 96, 150);

        StartOutcome outcome = control.startWorker("n01.2");
        started.add(outcome.pid());
        String log = awaitLog("n01.2", "fake runtime ready");

        assertThat(outcome.launcher()).isEqualTo("setsid nohup (systemd-run --user does not work here)");
        assertThat(log).contains("starting n01.2 with setsid nohup (systemd-run --user does not work here)");
        assertThat(recordedCalls()).as("only the check ran").containsExactly("--user|--quiet|--scope|--collect|true|");
        assertThat(ProcessControlContract.commandLine(outcome.pid())).contains("-Xmx96m -jar ");
        assertThat(control.stopWorker("n01.2", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void without_lingering_the_worker_is_not_put_under_the_users_systemd_which_would_end_it_at_logout() throws Exception {
        ProcessControl control = deployed(shell(0, "no", Map.of()), null, null);

        StartOutcome outcome = control.startWorker("n01.3");
        started.add(outcome.pid());
        awaitLog("n01.3", "fake runtime ready");

        assertThat(outcome.launcher()).startsWith("setsid nohup (no lingering for ").contains("loginctl enable-linger");
        assertThat(recordedCalls()).hasSize(1);
        assertThat(control.stopWorker("n01.3", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void pampa_systemd_off_on_the_node_keeps_systemd_out_without_asking_it() throws Exception {
        ProcessControl control = deployed(shell(0, "yes", Map.of("PAMPA_SYSTEMD", "off")), null, null);

        StartOutcome outcome = control.startWorker("n01.4");
        started.add(outcome.pid());
        awaitLog("n01.4", "fake runtime ready");

        assertThat(outcome.launcher()).isEqualTo("setsid nohup (systemd turned off by PAMPA_SYSTEMD=off)");
        assertThat(recordedCalls()).isEmpty();
        assertThat(control.stopWorker("n01.4", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }
}
