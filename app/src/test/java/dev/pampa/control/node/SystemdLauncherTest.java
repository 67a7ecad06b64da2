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
 * The start script's choice of launcher and of the limits it can hold, on the local node with
 * {@link SystemdStandIn stand-ins} for {@code systemd-run} and {@code loginctl} first on the PATH (this
 * machine's systemd cannot run: no systemd as PID 1, cgroup v1), and, where a user's cgroup v2 tree is
 * needed, a directory shaped like one given as {@code PAMPA_CGROUP_ROOT}. The disk, the shell, the
 * launched JVMs and their command lines are real.
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
        return deployed(shell, new NodeRuntime(JAVA, base().toString(), maxRam, maxCpu));
    }

    private ProcessControl deployed(LocalShell shell, NodeRuntime runtime) throws Exception {
        Path jar = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        new Deploy(shell).deploy(runtime.baseDirectory(), jar, List.of(), DB);
        return new ProcessControl(shell, runtime);
    }

    /** A cgroup v2 root whose user@UID.service has {@code controllers} delegated, as PAMPA_CGROUP_ROOT. */
    private Map<String, String> userCgroups(String controllers) throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip();
        Path root = dir.resolve("cgroup");
        Path user = root.resolve("user.slice/user-" + uid + ".slice/user@" + uid + ".service");
        Files.createDirectories(user);
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(user.resolve("cgroup.controllers"), controllers + "\n");
        return Map.of("PAMPA_CGROUP_ROOT", root.toString());
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

    /** The calls but root's check of the system manager (refused by the default stand-in), which a non-root run does not make. */
    private List<String> recordedCalls() throws Exception {
        return systemd.calls().stream().filter(c -> !c.equals(SYSTEM_CHECK)).toList();
    }

    static final String SYSTEM_CHECK = "--quiet|--scope|--collect|true|";

    static boolean root() throws Exception {
        return new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip().equals("0");
    }

    @Test
    void where_systemd_run_works_and_the_user_lingers_a_worker_runs_in_a_scope_with_memory_and_cpu_limits_and_stops_on_sigterm() throws Exception {
        ProcessControl control = deployed(shell(0, "yes", userCgroups("cpu memory pids")), 96, 150);

        StartOutcome outcome = control.startWorker("n01.1");
        long pid = outcome.pid();
        started.add(pid);
        String log = awaitLog("n01.1", "fake runtime ready");

        assertThat(outcome.launcher()).startsWith("systemd-run --user scope pampa-n01.1-").endsWith(" MemoryMax=96M CPUQuota=150%");
        assertThat(outcome.message()).contains("with systemd-run --user scope pampa-n01.1-");
        assertThat(outcome.limitsNotHeld()).isEmpty();
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
        assertThat(ProcessControlContract.gone(pid)).isTrue();
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

    static final String NET_REASON = "max_net_io not enforced on n01: no per-process network limit exists without a traffic shaper";

    private static String sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out;
    }

    /** 20 MB/s of disk, 1 MB/s of network, as a node's max_disk_io: 20M and max_net_io: 1M give them. */
    private NodeRuntime allLimits(Path base) {
        return new NodeRuntime(JAVA, base.toString(), 96, 150, 20L * 1024, 1024L);
    }

    @Test
    void a_user_manager_without_the_io_controller_holds_memory_and_cpu_and_says_the_disk_and_network_limits_are_not_enforced() throws Exception {
        ProcessControl control = deployed(shell(0, "yes", userCgroups("cpu memory pids")), allLimits(base()));

        StartOutcome outcome = control.startWorker("n01.5");
        started.add(outcome.pid());
        String log = awaitLog("n01.5", "fake runtime ready");

        assertThat(recordedCalls().get(1)).contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|--|" + JAVA + "|").doesNotContain("IORead");
        assertThat(outcome.limitsNotHeld()).hasSize(2);
        assertThat(outcome.limitsNotHeld().get(0)).isEqualTo("max_disk_io not enforced on n01: the io controller is not delegated to "
                + sh("id -un") + "'s systemd (add it to Delegate= of user@.service)");
        assertThat(outcome.limitsNotHeld().get(1)).startsWith(NET_REASON);
        assertThat(outcome.message()).contains("\nmax_disk_io not enforced on n01: ", "\n" + NET_REASON);
        assertThat(log).contains("max_disk_io not fully held: the io controller is not delegated", "max_net_io not fully held: no per-process");
        assertThat(control.stopWorker("n01.5", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void with_the_io_controller_the_disk_limit_is_set_on_the_block_device_under_the_base_directory() throws Exception {
        Files.createDirectories(base());
        String device = sh("findmnt -n -o SOURCE -T '" + base() + "'").replaceAll("\\[.*", "");
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("[ -b '" + device + "' ] && echo block").equals("block"),
                "the temporary directory is on " + device + ", not a block device");
        ProcessControl control = deployed(shell(0, "yes", userCgroups("cpu io memory pids")), allLimits(base()));

        StartOutcome outcome = control.startWorker("n01.6");
        started.add(outcome.pid());
        awaitLog("n01.6", "fake runtime ready");

        assertThat(recordedCalls().get(1)).contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|-p|IOReadBandwidthMax=" + device
                + " 20480K|-p|IOWriteBandwidthMax=" + device + " 20480K|--|" + JAVA + "|");
        assertThat(outcome.launcher()).endsWith(" MemoryMax=96M CPUQuota=150% IOReadBandwidthMax=" + device + " 20480K IOWriteBandwidthMax="
                + device + " 20480K");
        assertThat(outcome.limitsNotHeld()).singleElement().asString().startsWith(NET_REASON);
        assertThat(control.stopWorker("n01.6", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void a_base_directory_on_tmpfs_has_no_block_device_to_limit_and_says_so() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm");
        Path base = Files.createTempDirectory(shm, "pampa-node-");
        try {
            ProcessControl control = deployed(shell(0, "yes", userCgroups("cpu io memory pids")), allLimits(base));

            StartOutcome outcome = control.startWorker("n01.8");
            started.add(outcome.pid());

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (recordedCalls().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(outcome.limitsNotHeld().get(0)).startsWith("max_disk_io not enforced on n01: the base directory " + base.toRealPath() + " is on ")
                    .endsWith(", not a block device");
            assertThat(recordedCalls().get(1)).contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|--|").doesNotContain("IORead");
            assertThat(control.stopWorker("n01.8", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
        } finally {
            sh("rm -rf '" + base + "'");
        }
    }

    @Test
    void root_uses_the_system_manager_which_has_every_controller() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(root(), "only root's workers go under the system manager");
        systemd = SystemdStandIn.install(dir.resolve("bin"), calls(), 1, 0, "no");
        LocalShell shell = new LocalShell(Map.of("PATH", systemd.bin() + ":" + System.getenv("PATH")));
        ProcessControl control = deployed(shell, new NodeRuntime(JAVA, base().toString(), 96, 150, null, null));

        StartOutcome outcome = control.startWorker("n01.7");
        started.add(outcome.pid());
        awaitLog("n01.7", "fake runtime ready");

        assertThat(outcome.launcher()).startsWith("systemd-run --system scope pampa-n01.7-").endsWith(" MemoryMax=96M CPUQuota=150%");
        assertThat(outcome.limitsNotHeld()).isEmpty();
        List<String> calls = systemd.calls();
        assertThat(calls.get(0)).isEqualTo(SYSTEM_CHECK);
        assertThat(calls.get(1)).startsWith("--scope|--quiet|--collect|--unit=pampa-n01.7-").contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|--|");
        assertThat(calls).hasSize(2).noneMatch(c -> c.startsWith("--user"));
        assertThat(control.stopWorker("n01.7", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    @Test
    void a_user_manager_on_cgroup_v1_holds_nothing_but_the_heap_and_says_so() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "this machine has cgroup v2");
        ProcessControl control = deployed(shell(0, "yes", Map.of()), allLimits(base()));

        StartOutcome outcome = control.startWorker("n01.9");
        started.add(outcome.pid());
        awaitLog("n01.9", "fake runtime ready");

        String v1 = "the node's cgroups are v1, which systemd does not delegate to a user";
        assertThat(outcome.limitsNotHeld()).containsExactly(
                "max_disk_io not enforced on n01: " + v1,
                "max_cpu not enforced on n01: " + v1,
                "max_ram held only as the Java heap limit (-Xmx) on n01, not for the whole process: " + v1,
                outcome.limitsNotHeld().get(3));
        assertThat(outcome.limitsNotHeld().get(3)).startsWith(NET_REASON);
        assertThat(recordedCalls().get(1)).doesNotContain("|-p|").contains("|--|" + JAVA + "|").contains("|-Xmx96m|");
        assertThat(control.stopWorker("n01.9", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }

    /** This machine's own systemd-run, which cannot reach a manager here: every limit but the heap's said to be not enforced. */
    @Test
    void with_this_machines_real_systemd_run_failing_every_limit_is_said_not_enforced() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sh("command -v systemd-run").startsWith("/"), "no systemd-run here");
        org.junit.jupiter.api.Assumptions.assumeFalse(sh("systemd-run --user --quiet --scope --collect true >/dev/null 2>&1 && echo works").equals("works"),
                "this machine's systemd-run --user works");
        ProcessControl control = deployed(new LocalShell(Map.of()), allLimits(base()));

        StartOutcome outcome = control.startWorker("n01.10");
        started.add(outcome.pid());
        awaitLog("n01.10", "fake runtime ready");

        String why = "systemd-run --user does not work here";
        assertThat(outcome.launcher()).isEqualTo("setsid nohup (" + why + ")");
        assertThat(outcome.limitsNotHeld()).startsWith(
                "max_ram held only as the Java heap limit (-Xmx) on n01, not for the whole process: " + why,
                "max_cpu not enforced on n01: " + why,
                "max_disk_io not enforced on n01: " + why).hasSize(4);
        assertThat(ProcessControlContract.commandLine(outcome.pid())).contains("-Xmx96m -jar ");
        assertThat(control.stopWorker("n01.10", Duration.ofSeconds(10)).how()).isEqualTo(StopOutcome.How.TERMINATED);
    }
}
