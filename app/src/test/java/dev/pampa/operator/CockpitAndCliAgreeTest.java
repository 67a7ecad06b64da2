package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.OperatorDatabase;
import dev.pampa.control.node.ClassDataArchive;
import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.ProcessState;
import dev.pampa.control.testing.SystemdStandIn;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import dev.pampa.ui.common.Background;
import dev.pampa.ui.common.CockpitSession;
import dev.pampa.ui.testing.ScriptedDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cockpit and the operator CLI do the same thing to the same node: a real in-process SSH node whose
 * PATH has stand-ins for systemd-run and loginctl (a user systemd that lingers), a real PostgreSQL, and
 * the cockpit's session as its screens use it.
 */
class CockpitAndCliAgreeTest {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    Database db;
    TestSshServer server;
    SystemdStandIn systemd;
    Path operatorDir;
    CockpitSession cockpit;
    final List<Long> started = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        db = TestPostgres.migratedDatabase();
        systemd = SystemdStandIn.install(dir.resolve("node-bin"), dir.resolve("systemd-run.calls"), 0, "yes");
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), "pw", TestSshServer.newHostKey(), "", systemd.bin(),
                java.util.Map.of("PAMPA_CGROUP_ROOT", userCgroups("cpu memory pids").toString()));
        operatorDir = dir.resolve("operator");
        HostKeyTrust trust = new HostKeyTrust(operatorDir.resolve("known_hosts"), null, true);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        OperatorKey key = OperatorKey.loadOrCreate(operatorDir.resolve("id_ed25519"), null);
        Files.writeString(Files.createDirectories(server.home().resolve(".ssh")).resolve("authorized_keys"), key.authorizedKeysLine() + "\n");
        CliRun add = pampa("node", "add", "n01", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", TestSshServer.USER, "--max-workers", "2", "--java", JAVA, "--max-ram", "96", "--max-cpu", "150",
                "--max-disk-io", "20M", "--max-net-io", "1M");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        cockpit = CockpitSession.open(OperatorDatabase.external(db.url()), new NodeConnections.Settings(operatorDir.resolve("id_ed25519"),
                trust, SshSession.Timeouts.defaults()), new Background(), new ScriptedDialogs());
    }

    /** A cgroup v2 tree whose user@UID.service has {@code controllers} delegated (this machine's cgroups are v1). */
    private Path userCgroups(String controllers) throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip();
        Path root = dir.resolve("cgroup");
        Path user = Files.createDirectories(root.resolve("user.slice/user-" + uid + ".slice/user@" + uid + ".service"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu io memory pids\n");
        Files.writeString(user.resolve("cgroup.controllers"), controllers + "\n");
        return root;
    }

    @AfterEach
    void stop() throws Exception {
        pampa("workers", "stop", "n01", "--grace", "5s");
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        cockpit.close();
        server.close();
        db.close();
    }

    private CliRun pampa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.url().withCredentials()));
        if (args.length < 2 || !args[1].equals("add")) {
            all.addAll(List.of("--operator-dir", operatorDir.toString()));
        }
        return CliRun.on(new OperatorMain(), all.toArray(String[]::new));
    }

    private NodeSpec n01() {
        return cockpit.cluster().node("n01").orElseThrow();
    }

    private Path base() {
        return server.home().resolve(".pampa");
    }

    private long pidOf(String worker) throws Exception {
        long pid = Long.parseLong(Files.readString(base().resolve("run/" + worker + ".pid")).strip());
        started.add(pid);
        return pid;
    }

    /** The worker's own command line, read back from /proc once it runs, with its name and pid taken out. */
    private String launched(String worker) throws Exception {
        long pid = pidOf(worker);
        Path log = base().resolve("logs/" + worker + ".out"); // the fake runtime prints on stdout, which goes to NAME.out
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("fake runtime ready"))) {
            assertThat(System.nanoTime()).as("%s never got ready: %s", worker, Files.exists(log) ? Files.readString(log) : "no log")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(ProcessState.alive(pid)).isTrue();
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ').replace(worker, "WORKER");
    }

    /** The launch call of systemd-run for the worker (not the launcher's check), its unit's unique suffix taken out. */
    private String systemdLaunch(String worker) throws Exception {
        return systemd.calls().stream().filter(c -> c.contains("--unit=pampa-" + worker + "-")).findFirst().orElseThrow()
                .replaceAll("--unit=pampa-" + java.util.regex.Pattern.quote(worker) + "-[0-9]+-[0-9]+", "--unit=UNIT")
                .replace(worker, "WORKER");
    }

    @Test
    void the_cockpit_starts_a_worker_with_the_same_command_line_as_the_cli_every_resource_limit_included() throws Exception {
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        CliRun deploy = pampa("node", "deploy", "n01", "--runtime-jar", runtime.toString(), "--jobs-dir",
                Files.createDirectories(dir.resolve("no-jobs")).toString());
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();

        CliRun fromCli = pampa("workers", "start", "n01.1");
        assertThat(fromCli.exitCode()).as(fromCli.toString()).isZero();
        dev.pampa.control.node.StartOutcome fromCockpit = cockpit.nodeOperations().startWorker(n01(), "n01.2");

        assertThat(fromCockpit.limitsNotHeld()).as("the limits the node cannot hold, said to the cockpit").hasSize(2);
        assertThat(fromCockpit.limitsNotHeld().get(0)).startsWith("max_disk_io not enforced on n01: the io controller is not delegated");
        assertThat(fromCockpit.limitsNotHeld().get(1)).startsWith("max_net_io not enforced on n01: ");
        assertThat(fromCli.out()).as("and by the CLI, the same").contains(fromCockpit.limitsNotHeld().get(0), fromCockpit.limitsNotHeld().get(1));

        assertThat(systemdLaunch("n01.1")).contains("|-p|MemoryMax=96M|-p|CPUQuota=150%|--|" + JAVA + "|").contains("|-Xmx96m|");
        assertThat(systemdLaunch("n01.2")).as("the cockpit's launch, beside the CLI's").isEqualTo(systemdLaunch("n01.1"));
        assertThat(launched("n01.2")).isEqualTo(launched("n01.1")).contains(" -Xmx96m ");
    }

    @Test
    void a_deploy_from_the_cockpit_trains_the_class_data_archive_on_the_node() throws Exception {
        cockpit.cluster().deploy(n01());

        assertThat(base().resolve("lib/pampa-runtime.jar")).isRegularFile();
        assertThat(base().resolve("lib/" + ClassDataArchive.FILE)).as("the archive the CLI's deploy trains").isNotEmptyFile();
    }
}
