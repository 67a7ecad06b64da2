package dev.pampa.control.node;

import dev.pampa.control.shell.NodeStep;
import dev.pampa.control.shell.NodeOperationException;
import dev.pampa.control.shell.RemoteCommand;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.KeyInstallation;
import dev.pampa.control.ssh.NodeAddress;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pampa.control.testing.OpenSshServer;
import dev.pampa.control.testing.ProcessState;
import dev.pampa.control.testing.SystemUser;
import dev.pampa.sample.SampleJob;
import dev.pampa.sample.SampleJobs;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.JobStore;
import dev.pampa.testing.TestPostgres;

/**
 * The control library end to end against OpenSSH's real {@code sshd}, started by the test on a loopback
 * port: unknown host key refused, trusted, probe, deploy of the real runtime and sample jobs jars, two
 * workers and the dispatcher run search_odd_numbers to the end, all stopped with SIGTERM, nothing left;
 * and install-key's password login for a throwaway user, after which the operator key alone gets in.
 *
 * <p>Only in the {@code openssh} Maven profile, active where {@code /usr/sbin/sshd} exists; {@code .ci/run}
 * installs openssh-server so that CI always runs it.
 */
class OpenSshEndToEndTest {

    private static final SampleJob JOB = SampleJobs.SEARCH_ODD_NUMBERS;
    private static final long ROWS = 20_000;
    private static final List<String> WORKERS = List.of("openssh.1", "openssh.2");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The app module's tests run in app/; the reactor packages runtime and jobs-sample before them.
    private static final Path RUNTIME_JAR = Path.of("../runtime/target/pampa-runtime.jar").toAbsolutePath().normalize();
    private static final Path JOBS_JAR = Path.of("../jobs-sample/target/pampa-jobs-sample.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private OpenSshServer server;
    private SshSession session;
    private SshNodeShell shell;

    private Path base() {
        return dir.resolve("node base");
    }

    @AfterEach
    void killEverythingLeftAndStopSshd() throws Exception {
        try {
            if (shell != null) {
                shell.close();
            }
            if (session != null) {
                session.close();
            }
        } finally {
            try {
                Path run = base().resolve("run");
                if (Files.isDirectory(run)) {
                    try (Stream<Path> files = Files.list(run)) {
                        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                            try {
                                ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(ProcessHandle::destroyForcibly);
                            } catch (NumberFormatException ignored) {
                                // not a pid
                            }
                        }
                    }
                }
                for (long pid : pgrep(base().toString())) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @Test
    void the_odd_numbers_job_runs_to_the_end_on_a_node_reached_through_openssh() throws Exception {
        assertThat(RUNTIME_JAR).as("build the runtime first (the reactor's verify does)").isRegularFile();
        assertThat(JOBS_JAR).as("build jobs-sample first (the reactor's verify does)").isRegularFile();
        long t0 = System.nanoTime();
        server = OpenSshServer.start(dir.resolve("sshd"));
        // Root never logs in with a password (install-key has its own test, with a throwaway user), so
        // the operator key goes straight into the server's authorized_keys file.
        OperatorKey operatorKey = OperatorKey.loadOrCreate(dir.resolve("operator/id_ed25519"), null);
        server.authorize(operatorKey.authorizedKeysLine());
        NodeAddress address = new NodeAddress("127.0.0.1", server.port(), OpenSshServer.user());
        SshLogin login = new SshLogin.WithKey(operatorKey.keyPair());
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("operator/known_hosts"), null, true);

        // An unknown host key is refused, naming its fingerprint; approving that fingerprint lets us in.
        HostKeyRefusedException refused = null;
        try (SshSession notYet = SshSession.open(address, login, trust, SshSession.Timeouts.defaults())) {
            throw new AssertionError("an unknown host key was accepted");
        } catch (HostKeyRefusedException e) {
            refused = e;
        }
        assertThat(refused.check()).isInstanceOf(HostKeyCheck.Unknown.class);
        String fingerprint = HostKeyTrust.fingerprint(server.hostKey());
        assertThat(refused.check().presentedFingerprint()).isEqualTo(fingerprint);
        assertThat(refused.problem().cause()).contains(fingerprint);
        trust.approve((HostKeyCheck.Unknown) refused.check(), fingerprint);

        session = SshSession.open(address, login, trust, SshSession.Timeouts.defaults());
        shell = new SshNodeShell(session);

        ProbeReport probe = Probe.run(shell, new ProbeSettings(JAVA, base().toString()));
        assertThat(probe.problems()).as("probe problems; sshd log:%n%s", server.log()).isEmpty();
        assertThat(probe.ready()).isTrue();
        assertThat(probe.java().major()).isGreaterThanOrEqualTo(17);
        assertThat(probe.baseDirectoryWritable()).isTrue();

        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "test")) {
            db.migrate();
            JOB.tableScript().runOn(db);
            db.dsl().execute("DELETE FROM numbers WHERE value > " + ROWS); // keeps the test short
            assertThat(count(db, "SELECT count(*) FROM numbers")).isEqualTo(ROWS);
            new JobStore(db.dsl()).save(JOB.spec());

            DeployReport deployed = new Deploy(shell).deploy(base().toString(), RUNTIME_JAR, List.of(JOBS_JAR), url);
            assertThat(deployed.sent()).containsExactly("lib/pampa-runtime.jar", "jobs/pampa-jobs-sample.jar");
            assertThat(Files.readAllBytes(base().resolve("lib/pampa-runtime.jar"))).isEqualTo(Files.readAllBytes(RUNTIME_JAR));
            assertThat(Files.getPosixFilePermissions(base().resolve("pampa.env"))).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            assertThat(new Deploy(shell).deploy(base().toString(), RUNTIME_JAR, List.of(JOBS_JAR), url).changedNothing())
                    .as("a re-deploy of the same jars sends nothing").isTrue();

            ProcessControl control = new ProcessControl(shell, new NodeRuntime(JAVA, base().toString(), null, null));
            List<Long> pids = new ArrayList<>();
            // the node's agent first: the workers reach the database through it alone
            StartOutcome agent = control.startAgent(WORKERS.get(0).substring(0, WORKERS.get(0).indexOf('.')));
            assertThat(agent.started()).as(agent.message()).isTrue();
            pids.add(agent.pid());
            for (String worker : WORKERS) {
                StartOutcome started = control.startWorker(worker);
                assertThat(started.started()).as(started.message()).isTrue();
                pids.add(started.pid());
            }
            StartOutcome dispatcher = control.startDispatcher();
            assertThat(dispatcher.started()).as(dispatcher.message()).isTrue();
            pids.add(dispatcher.pid());
            assertThat(control.status().running()).hasSize(WORKERS.size() + 2);

            awaitAllEnded(db, control, Duration.ofMinutes(3));

            assertThat(count(db, "SELECT count(*) FROM numbers WHERE is_odd IS DISTINCT FROM (value % 2 = 1)"))
                    .as("rows whose is_odd is wrong or missing").isZero();
            assertThat(count(db, "SELECT count(*) FROM numbers WHERE odd_checking_success IS NOT TRUE"
                    + " OR odd_checking_error_description IS NOT NULL")).as("tasks that did not succeed").isZero();
            assertThat(db.dsl().fetch("SELECT DISTINCT odd_checking_reservation_id FROM numbers ORDER BY 1").getValues(0, String.class))
                    .as("the workers that did the tasks").isSubsetOf(WORKERS).isNotEmpty();

            List<StopOutcome> stops = new ArrayList<>();
            stops.add(control.stopDispatcher(Duration.ofSeconds(30)));
            for (String worker : WORKERS) {
                stops.add(control.stopWorker(worker, Duration.ofSeconds(30)));
            }
            stops.add(control.stopAgent(Duration.ofSeconds(30)));
            assertThat(stops).allSatisfy(s -> assertThat(s.how()).as(s.message()).isEqualTo(StopOutcome.How.TERMINATED));
            assertThat(stops).extracting(StopOutcome::pid).containsExactlyInAnyOrderElementsOf(pids);

            ProcessStatus after = control.status();
            assertThat(after.running()).isEmpty();
            assertThat(after.stale()).isEmpty();
            assertThat(pgrep(base().toString())).as("processes still running from %s", base()).isEmpty();
            assertThat(count(db, "SELECT count(*) FROM pampa.worker WHERE state = 'stopped'")).isEqualTo(WORKERS.size());
        }
        System.out.printf("OpenSSH end to end: %,d tasks, %d workers, %.1f s%n", ROWS, WORKERS.size(), (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void install_key_logs_in_once_with_the_users_password_then_the_operator_key_alone_gets_in() throws Exception {
        assumeTrue(SystemUser.canCreate(), "creating a user with a password needs root, as in CI (.ci/run)");
        server = OpenSshServer.withPasswordLogins(dir.resolve("sshd"));
        try (SystemUser user = SystemUser.create()) {
            NodeAddress address = new NodeAddress("127.0.0.1", server.port(), user.name());
            HostKeyTrust trust = new HostKeyTrust(dir.resolve("operator/known_hosts"), null, true);
            trust.trust("127.0.0.1", server.port(), server.hostKey());
            OperatorKey operatorKey = OperatorKey.loadOrCreate(dir.resolve("operator/id_ed25519"), null);
            SshLogin.WithKey withKey = new SshLogin.WithKey(operatorKey.keyPair());

            // Before install-key the key is refused: the server really checks it.
            assertThatThrownBy(() -> SshSession.open(address, withKey, trust, SshSession.Timeouts.defaults()).close())
                    .isInstanceOfSatisfying(NodeOperationException.class, e -> assertThat(e.problem().step()).isEqualTo(NodeStep.AUTHENTICATE));
            assertThatThrownBy(() -> KeyInstallation.install(address, new SshLogin.WithPassword("not-the-password".toCharArray()),
                    operatorKey, trust, SshSession.Timeouts.defaults()))
                    .isInstanceOfSatisfying(NodeOperationException.class, e -> assertThat(e.problem().step()).isEqualTo(NodeStep.AUTHENTICATE));

            KeyInstallation.Outcome installed = KeyInstallation.install(address, new SshLogin.WithPassword(user.password().toCharArray()),
                    operatorKey, trust, SshSession.Timeouts.defaults());

            assertThat(installed.appended()).as("sshd log:%n%s", server.log()).isTrue();
            assertThat(installed.keyFingerprint()).isEqualTo(operatorKey.fingerprint());
            Path authorizedKeys = user.home().resolve(".ssh/authorized_keys");
            assertThat(Files.readString(authorizedKeys)).isEqualTo(operatorKey.authorizedKeysLine() + "\n");
            assertThat(Files.getPosixFilePermissions(authorizedKeys)).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            assertThat(Files.getOwner(authorizedKeys).getName()).isEqualTo(user.name());
            try (SshSession keyOnly = SshSession.open(address, withKey, trust, SshSession.Timeouts.defaults());
                 SshNodeShell keyShell = new SshNodeShell(keyOnly)) {
                assertThat(keyShell.run(RemoteCommand.of("id", "-un"), Duration.ofSeconds(30)).stdout().strip()).isEqualTo(user.name());
                ProbeReport probe = Probe.run(keyShell, new ProbeSettings(JAVA, "~/.pampa"));
                assertThat(probe.problems()).isEmpty();
                assertThat(probe.baseDirectory()).isEqualTo(user.home().resolve(".pampa").toString());
            }
            assertThat(KeyInstallation.install(address, new SshLogin.WithPassword(user.password().toCharArray()), operatorKey, trust,
                    SshSession.Timeouts.defaults()).appended()).as("a second install-key changes nothing").isFalse();
            assertThat(Files.readAllLines(authorizedKeys)).hasSize(1);
            assertThat(server.log()).contains("Accepted password for " + user.name()).contains("Accepted publickey for " + user.name());
        }
    }

    private void awaitAllEnded(Database db, ProcessControl control, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long open = count(db, "SELECT count(*) FROM numbers WHERE odd_checking_end_time IS NULL");
            if (open == 0) {
                return;
            }
            ProcessStatus status = control.status();
            if (status.running().size() < WORKERS.size() + 1 || System.nanoTime() > deadline) {
                throw new AssertionError(open + " task(s) still open; processes running: " + status.running()
                        + "; stale: " + status.stale() + "\n" + logs());
            }
            Thread.sleep(250);
        }
    }

    private String logs() throws Exception {
        StringBuilder out = new StringBuilder();
        Path logs = base().resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(f);
                    out.append("---- ").append(f.getFileName()).append(" (last 30 lines)\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }

    /** The pids whose command line mentions {@code text}, as {@code pgrep -f} finds them (this JVM excluded). */
    private static List<Long> pgrep(String text) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", text).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        List<Long> pids = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                long pid = Long.parseLong(line.strip());
                if (pid != ProcessHandle.current().pid() && alive(pid)) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessState.alive(pid);
    }
}
