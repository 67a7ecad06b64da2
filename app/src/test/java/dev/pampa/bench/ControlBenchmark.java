package dev.pampa.bench;

import dev.pampa.control.node.ClassDataArchive;
import dev.pampa.control.node.Deploy;
import dev.pampa.control.node.DeployReport;
import dev.pampa.control.ssh.HostKeyCheck;
import dev.pampa.control.ssh.HostKeyRefusedException;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.NodeAddress;
import dev.pampa.control.node.NodeRuntime;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.node.ProcessControl;
import dev.pampa.control.ssh.SshLogin;
import dev.pampa.control.ssh.SshNodeShell;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cluster control's figures, printed: deploy to one node and to 8 nodes in parallel (in-process SSH
 * servers on this machine), a re-deploy with nothing changed, the class data archive's training run,
 * and starting 10 workers until all heartbeat, three times without the archive and three times with it,
 * alternating. Targets: a re-deploy under 1 s per node; 10 workers heartbeating within 5 s.
 *
 * <p>Run after building the jars: {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl app -Pbench test-compile exec:exec}.
 */
public final class ControlBenchmark {
    private static final Path RUNTIME_JAR = Path.of("../runtime/target/pampa-runtime.jar").toAbsolutePath().normalize();
    private static final Path JOBS_JAR = Path.of("../jobs-sample/target/pampa-jobs-sample.jar").toAbsolutePath().normalize();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (!Files.isRegularFile(RUNTIME_JAR) || !Files.isRegularFile(JOBS_JAR)) {
            throw new IllegalStateException("build the jars first: ./mvnw -q -DskipTests install");
        }
        Path dir = Files.createTempDirectory("pampa-control-bench");
        System.out.printf("Pampa control benchmark — %d cores, runtime jar %.1f MB, jobs jar %.1f KB, 8 in-process SSH servers%n",
                Runtime.getRuntime().availableProcessors(), Files.size(RUNTIME_JAR) / 1e6, Files.size(JOBS_JAR) / 1e3);
        OperatorKey key = OperatorKey.loadOrCreate(dir.resolve("operator/id_ed25519"), null);
        HostKeyTrust trust = new HostKeyTrust(dir.resolve("operator/known_hosts"), null, true);
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "bench")) {
            db.migrate();
        }
        List<TestSshServer> servers = new ArrayList<>();
        List<SshSession> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Path home = Files.createDirectories(dir.resolve("node" + i));
                Files.createDirectories(home.resolve(".ssh"));
                Files.writeString(home.resolve(".ssh/authorized_keys"), key.authorizedKeysLine() + "\n");
                TestSshServer server = TestSshServer.start(home, "unused-" + i);
                servers.add(server);
                NodeAddress address = new NodeAddress("127.0.0.1", server.port(), TestSshServer.USER);
                try (SshSession s = SshSession.open(address, new SshLogin.WithKey(key.keyPair()), trust, SshSession.Timeouts.defaults())) {
                    throw new IllegalStateException("unknown host key accepted");
                } catch (HostKeyRefusedException e) {
                    trust.approve((HostKeyCheck.Unknown) e.check(), HostKeyTrust.fingerprint(server.hostKey()));
                }
                sessions.add(SshSession.open(address, new SshLogin.WithKey(key.keyPair()), trust, SshSession.Timeouts.defaults()));
            }
            List<String> bases = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                bases.add(servers.get(i).home().resolve("pampa").toString());
            }
            DeployReport one = new Deploy(new SshNodeShell(sessions.get(0))).deploy(bases.get(0), RUNTIME_JAR, List.of(JOBS_JAR), url);
            System.out.printf("%ndeploy to 1 node: %.2f s (%d files, %.1f MB)%n", secs(one.duration()), one.sent().size(), one.bytesSent() / 1e6);
            DeployReport again = new Deploy(new SshNodeShell(sessions.get(0))).deploy(bases.get(0), RUNTIME_JAR, List.of(JOBS_JAR), url);
            System.out.printf("re-deploy to 1 node, nothing changed: %.2f s (%d skipped) — target under 1 s%n", secs(again.duration()), again.skipped().size());
            long t0 = System.nanoTime();
            List<DeployReport> eight = parallel(sessions.subList(1, 8), bases.subList(1, 8), url);
            double first = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            List<DeployReport> eightAgain = parallel(sessions, bases, url);
            double second = (System.nanoTime() - t0) / 1e9;
            System.out.printf("deploy to 7 more nodes in parallel (8 threads): %.2f s for all; re-deploy to all 8, nothing changed: %.2f s (%d of 8 changed nothing)%n",
                    first, second, eightAgain.stream().filter(DeployReport::changedNothing).count());

            NodeRuntime runtime = new NodeRuntime("java", bases.get(0), null, null);
            SshNodeShell shell = new SshNodeShell(sessions.get(0));
            ClassDataArchive.Outcome archive = ClassDataArchive.refresh(shell, runtime);
            System.out.printf("class data archive on node 1: %s (%.1f MB)%n", archive.describe(),
                    Files.size(Path.of(bases.get(0), "lib", ClassDataArchive.FILE)) / 1e6);
            ProcessControl control = new ProcessControl(shell, runtime);
            Path jsa = Path.of(bases.get(0), "lib", ClassDataArchive.FILE);
            Path aside = Path.of(bases.get(0), "lib", "aside.jsa");
            // alternating, so that a machine busy with something else weighs on both alike
            for (boolean withArchive : List.of(false, true, false, true, false, true)) {
                if (!withArchive) {
                    Files.move(jsa, aside);
                }
                try {
                    startTenAndWait(control, url, withArchive ? "with the class data archive" : "without it");
                } finally {
                    if (!withArchive) {
                        Files.move(aside, jsa);
                    }
                }
            }
        } finally {
            for (SshSession s : sessions) {
                s.close();
            }
            for (TestSshServer s : servers) {
                s.close();
            }
        }
    }

    private static void startTenAndWait(ProcessControl control, DbUrl url, String how) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 1; i <= 10; i++) {
            control.startWorker("bench." + i);
        }
        double started = (System.nanoTime() - t0) / 1e9;
        try (Database db = Database.open(url, 2, "bench")) {
            WorkerRegistry registry = new WorkerRegistry(db.dsl());
            long limit = System.currentTimeMillis() + 60_000;
            while (registry.live(10).size() < 10 && System.currentTimeMillis() < limit) {
                Thread.sleep(50);
            }
            double heartbeating = (System.nanoTime() - t0) / 1e9;
            System.out.printf("start 10 workers over SSH %s: started in %.2f s, all 10 heartbeating after %.2f s — target within 5 s (%d live)%n",
                    how, started, heartbeating, registry.live(10).size());
            for (int i = 1; i <= 10; i++) {
                control.stopWorker("bench." + i, Duration.ofSeconds(30));
            }
            while (!registry.live(10).isEmpty() && System.currentTimeMillis() < limit + 60_000) {
                Thread.sleep(50);
            }
        }
    }

    private static List<DeployReport> parallel(List<SshSession> sessions, List<String> bases, DbUrl url) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DeployReport>> futures = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                SshSession s = sessions.get(i);
                String base = bases.get(i);
                futures.add(pool.submit(() -> new Deploy(new SshNodeShell(s)).deploy(base, RUNTIME_JAR, List.of(JOBS_JAR), url)));
            }
            List<DeployReport> out = new ArrayList<>();
            for (Future<DeployReport> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
