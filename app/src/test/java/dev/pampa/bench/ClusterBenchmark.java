package dev.pampa.bench;

import dev.pampa.control.node.NodeConnections;
import dev.pampa.control.node.NodeLogin;
import dev.pampa.control.node.NodeOperations;
import dev.pampa.control.node.NodeParallelism;
import dev.pampa.control.node.ProcessStatus;
import dev.pampa.control.shell.NodeResult;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.ssh.SshSession;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.model.NodeAuth;
import dev.pampa.model.NodeSpec;
import dev.pampa.store.Database;
import dev.pampa.store.DbUrl;
import dev.pampa.store.NodeStore;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.TestPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The cluster view at scale: {@code --nodes} (100) in-process MINA SSH servers on this machine as
 * nodes, each with two workers' pid files naming live processes that run "the runtime jar" (a
 * {@code tail -f} of it: the status script checks the command line, as for a real worker), the
 * operator's Ed25519 key and approved host keys. It times {@code pampa status} over all of them, in this
 * JVM (the node facade's {@code forEachNode}, fresh logins each run) and as the operator runs it (a
 * {@code java -jar pampa.jar status} process), at the old fixed 8 nodes at a time and at the default
 * parallelism; target (issue 13): under 3 s for 100 nodes. Then, on {@code --start-nodes} (10) fresh
 * nodes, {@code node deploy --all} and {@code workers start --all} with 2 workers each (real runtime
 * jar, real worker JVMs behind each node's agent), until every worker heartbeats.
 *
 * <p>Needs the reactor's jars: {@code ./mvnw -q -pl app -am package -DskipTests}, then (from app/) the
 * test class path, as the other benchmarks. {@code --runs=N} (5) runs of each status figure;
 * {@code --in-jvm-only} leaves out the {@code pampa status} processes.
 */
public final class ClusterBenchmark {
    private static final Path OPERATOR_JAR = Path.of("target/pampa.jar").toAbsolutePath();
    private static final Path RUNTIME_JAR = Path.of("../runtime/target/pampa-runtime.jar").toAbsolutePath().normalize();
    private static final Path JOBS_JAR = Path.of("../jobs-sample/target/pampa-jobs-sample.jar").toAbsolutePath().normalize();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int nodeCount = 100;
        int startNodes = 10;
        int runs = 5;
        boolean inJvmOnly = false;
        Path recordTo = null;
        for (String a : args) {
            if (a.startsWith("--nodes=")) {
                nodeCount = Integer.parseInt(a.substring("--nodes=".length()));
            } else if (a.startsWith("--start-nodes=")) {
                startNodes = Integer.parseInt(a.substring("--start-nodes=".length()));
            } else if (a.startsWith("--runs=")) {
                runs = Integer.parseInt(a.substring("--runs=".length()));
            } else if (a.equals("--in-jvm-only")) {
                inJvmOnly = true;
            } else if (a.startsWith("--record-class-list=")) {
                recordTo = Path.of(a.substring("--record-class-list=".length())).toAbsolutePath();
            } else {
                throw new IllegalArgumentException("unknown argument " + a
                        + " — give --nodes=N, --start-nodes=N, --runs=N, --in-jvm-only, --record-class-list=FILE");
            }
        }
        for (Path jar : List.of(OPERATOR_JAR, RUNTIME_JAR, JOBS_JAR)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw -q -pl app -am package -DskipTests");
            }
        }
        Path dir = Files.createTempDirectory("pampa-cluster-bench");
        Path operatorDir = Files.createDirectories(dir.resolve("operator"));
        OperatorKey key = OperatorKey.loadOrCreate(operatorDir.resolve("id_ed25519"), null);
        HostKeyTrust trust = new HostKeyTrust(operatorDir.resolve("known_hosts"), null, true);
        DbUrl url = TestPostgres.freshDatabase();
        try (Database db = Database.open(url, 2, "bench")) {
            db.migrate();
        }
        System.out.printf("Pampa cluster benchmark — %d cores, %d nodes for status (2 workers' pid files each), %d for starting workers, load average %s%n",
                Runtime.getRuntime().availableProcessors(), nodeCount, startNodes, load());
        List<TestSshServer> servers = new ArrayList<>();
        List<Process> standIns = new ArrayList<>();
        List<NodeSpec> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= nodeCount; i++) {
                NodeSpec node = node(String.format("n%03d", i), dir, key, trust, servers);
                nodes.add(node);
                Path base = servers.get(servers.size() - 1).home().resolve(".pampa");
                Path jar = base.resolve("lib/pampa-runtime.jar");
                Files.createDirectories(jar.getParent());
                Files.createDirectories(base.resolve("run"));
                Files.writeString(jar, "");
                for (int w = 1; w <= node.maxWorkers(); w++) {
                    // a live process whose command line names the node's runtime jar, as a worker's does
                    Process p = new ProcessBuilder("tail", "-f", jar.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    standIns.add(p);
                    Files.writeString(base.resolve("run/" + node.name() + "." + w + ".pid"), p.pid() + "\n");
                }
            }
            try (Database db = Database.connect(url, "bench")) {
                NodeStore store = new NodeStore(db.dsl());
                nodes.forEach(store::save);
            }
            NodeConnections.Settings settings = new NodeConnections.Settings(operatorDir.resolve("id_ed25519"), trust, SshSession.Timeouts.defaults());
            if (recordTo != null) {
                recordSshClasses(dir, url, operatorDir, recordTo);
                return;
            }

            System.out.printf("%n| status over %d nodes | parallelism | runs | min | median | max | workers seen (pid file and process alive) |%n|---|---:|---:|---:|---:|---:|---:|%n", nodeCount);
            int parallel = NodeParallelism.forNodes(nodeCount, null);
            for (int p : List.of(8, parallel)) {
                List<Double> t = new ArrayList<>();
                long seen = 0;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    try (NodeOperations operations = new NodeOperations(settings, NodeLogin.PassphraseSource.NONE)) {
                        List<NodeResult<ProcessStatus>> results = operations.forEachNode(nodes, p, Duration.ofSeconds(60), operations::status);
                        seen = results.stream().filter(NodeResult::ok).mapToLong(x -> x.value().running().size()).sum();
                    }
                    t.add((System.nanoTime() - t0) / 1e9);
                }
                row("in this JVM (node facade, fresh logins)", p, t, seen);
            }
            for (int p : inJvmOnly ? List.<Integer>of() : List.of(parallel)) {
                List<Double> t = new ArrayList<>();
                long seen = 0;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    String out = pampa(dir, List.of(), "status", "--parallel", Integer.toString(p), "--db", url.withCredentials(),
                            "--operator-dir", operatorDir.toString());
                    t.add((System.nanoTime() - t0) / 1e9);
                    seen = out.lines().filter(l -> l.contains(" running ") || l.contains(" starting ")).count();
                }
                row("`pampa status` process (java -jar)", p, t, seen);
                Path jsa = OPERATOR_JAR.resolveSibling("pampa.jsa");
                if (Files.isRegularFile(jsa)) {
                    t = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        String out = pampa(dir, List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto"),
                                "status", "--parallel", Integer.toString(p), "--db", url.withCredentials(), "--operator-dir", operatorDir.toString());
                        t.add((System.nanoTime() - t0) / 1e9);
                        seen = out.lines().filter(l -> l.contains(" running ") || l.contains(" starting ")).count();
                    }
                    row("`pampa status` process, class data archive only (both compilers, G1)", p, t, seen);
                    t = new ArrayList<>();
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        String out = pampa(dir, List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                                "status", "--parallel", Integer.toString(p), "--db", url.withCredentials(), "--operator-dir", operatorDir.toString());
                        t.add((System.nanoTime() - t0) / 1e9);
                        seen = out.lines().filter(l -> l.contains(" running ") || l.contains(" starting ")).count();
                    }
                    row("`pampa status` process, the installed launcher's options (class data archive, C1, serial GC)", p, t, seen);
                }
            }
            for (Process p : standIns) {
                p.destroy();
            }

            if (startNodes > 0) {
                startWorkers(dir, operatorDir, key, trust, servers, url, startNodes);
            }
            System.out.printf("%nload average %s at the end%n", load());
        } finally {
            for (Process p : standIns) {
                p.destroyForcibly();
            }
            for (TestSshServer s : servers) {
                s.close();
            }
        }
    }

    private static void startWorkers(Path dir, Path operatorDir, OperatorKey key, HostKeyTrust trust, List<TestSshServer> servers,
            DbUrl url, int count) throws Exception {
        DbUrl startUrl = TestPostgres.freshDatabase();
        try (Database db = Database.open(startUrl, 2, "bench")) {
            db.migrate();
        }
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(node(String.format("s%03d", i), dir, key, trust, servers));
        }
        try (Database db = Database.connect(startUrl, "bench")) {
            NodeStore store = new NodeStore(db.dsl());
            nodes.forEach(store::save);
        }
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.copy(JOBS_JAR, jobs.resolve(JOBS_JAR.getFileName()));
        String db = startUrl.withCredentials();
        String operator = operatorDir.toString();
        long t0 = System.nanoTime();
        String deployed = pampa(dir, List.of(), "node", "deploy", "--all", "--runtime-jar", RUNTIME_JAR.toString(), "--jobs-dir", jobs.toString(),
                "--db", db, "--operator-dir", operator);
        double deploy = (System.nanoTime() - t0) / 1e9;
        long archives = deployed.lines().filter(l -> l.contains("class data archive created")).count();
        int workers = nodes.size() * 2;
        t0 = System.nanoTime();
        pampa(dir, List.of(), "workers", "start", "--all", "--db", db, "--operator-dir", operator);
        double started = (System.nanoTime() - t0) / 1e9;
        double heartbeating;
        int live;
        try (Database d = Database.open(startUrl, 1, "bench")) {
            WorkerRegistry registry = new WorkerRegistry(d.dsl());
            long limit = System.currentTimeMillis() + 300_000;
            while ((live = registry.live(15).size()) < workers && System.currentTimeMillis() < limit) {
                Thread.sleep(100);
            }
            heartbeating = (System.nanoTime() - t0) / 1e9;
        }
        t0 = System.nanoTime();
        pampa(dir, List.of(), "workers", "stop", "--all", "--grace", "20s", "--db", db, "--operator-dir", operator);
        double stopped = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n| %d nodes x 2 workers | seconds |%n|---|---:|%n", count);
        System.out.printf("| `node deploy --all` (runtime jar %.1f MB and the jobs jar to each node; %d class data archives trained) | %.1f |%n",
                Files.size(RUNTIME_JAR) / 1e6, archives, deploy);
        System.out.printf("| `workers start --all` returned (every node's agent and workers launched) | %.1f |%n", started);
        System.out.printf("| ... until all %d workers heartbeat (%d live) | **%.1f** |%n", workers, live, heartbeating);
        System.out.printf("| `workers stop --all` | %.1f |%n", stopped);
    }

    private static NodeSpec node(String name, Path dir, OperatorKey key, HostKeyTrust trust, List<TestSshServer> servers) throws Exception {
        Path home = Files.createDirectories(dir.resolve("nodes").resolve(name));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/authorized_keys"), key.authorizedKeysLine() + "\n");
        TestSshServer server = TestSshServer.start(home, "unused-" + name);
        servers.add(server);
        trust.trust("127.0.0.1", server.port(), server.hostKey());
        return new NodeSpec(name, "127.0.0.1", server.port(), TestSshServer.USER, NodeAuth.KEY, null, 2, JAVA, "~/.pampa", null, null);
    }

    /** The operator's command as a process; its output, or a failure with it. */
    /**
     * Adds to the operator's class list what a {@code pampa status} over SSH nodes loads beyond it (the SSH
     * client's classes: the one-shot commands the list was first recorded from never log in anywhere),
     * so the class data archive serves the cluster-wide commands too. Run it after
     * {@code StartupBenchmark --record-class-list}, which writes the list anew.
     */
    private static void recordSshClasses(Path dir, DbUrl url, Path operatorDir, Path to) throws Exception {
        Path list = dir.resolve("status-classes.txt");
        pampa(dir, List.of("-XX:DumpLoadedClassList=" + list), "status", "--db", url.withCredentials(), "--operator-dir", operatorDir.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(to));
        java.util.Set<String> known = new java.util.HashSet<>(lines);
        List<String> added = Files.readAllLines(list).stream().filter(l -> !l.isBlank() && !l.startsWith("#") && known.add(l)).toList();
        int header = 0;
        while (header < lines.size() && lines.get(header).startsWith("#")) {
            header++;
        }
        String note = "# and the classes a status over SSH nodes adds (SSH client), by dev.pampa.bench.ClusterBenchmark --record-class-list.";
        if (!lines.contains(note)) {
            lines.add(header, note);
        }
        lines.addAll(added);
        Files.write(to, lines);
        System.out.printf("%d classes added to %s (%d in all)%n", added.size(), to, lines.size() - header - 1);
    }

    private static String pampa(Path dir, List<String> jvm, String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> line = new ArrayList<>(List.of(JAVA));
        line.addAll(jvm);
        String profile = System.getenv("PAMPA_BENCH_PROFILE");
        if (profile != null && !profile.isBlank()) {
            // e.g. a flight recording of each pampa process
            line.addAll(List.of(profile.trim().split("\\s+")));
        }
        line.addAll(List.of("-Duser.home=" + home, "-jar", OPERATOR_JAR.toString()));
        line.addAll(List.of(args));
        Path output = dir.resolve("pampa-output.txt");
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("PAMPA_HOME", home.resolve(".pampa").toString());
        pb.environment().remove("PAMPA_DB");
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not end within 600 s");
        }
        String out = Files.readString(output);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("pampa " + args[0] + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static void row(String how, int parallelism, List<Double> seconds, long seen) {
        List<Double> t = new ArrayList<>(seconds);
        t.sort(Double::compare);
        double median = t.size() % 2 == 1 ? t.get(t.size() / 2) : (t.get(t.size() / 2 - 1) + t.get(t.size() / 2)) / 2;
        System.out.printf("| %s | %d | %d | %.2f s | **%.2f s** | %.2f s | %d |%n", how, parallelism, t.size(), t.get(0), median, t.get(t.size() - 1), seen);
    }

    private static String load() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
