package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.ssh.OperatorKey;
import dev.pampa.control.testing.FakeRuntimeJar;
import dev.pampa.control.testing.FakeRuntimeMain;
import dev.pampa.control.testing.ProcessState;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.store.Database;
import dev.pampa.store.WorkerRegistry;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator CLI against a real in-process SSH node and a real PostgreSQL, with a fake runtime jar. */
class ClusterCommandsTest {
    @TempDir
    Path dir;

    Database db;
    TestSshServer server;
    Path operatorDir;

    @BeforeEach
    void start() throws Exception {
        db = TestPostgres.migratedDatabase();
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), "pw");
        operatorDir = dir.resolve("operator");
        new HostKeyTrust(operatorDir.resolve("known_hosts"), null, true).trust("127.0.0.1", server.port(), server.hostKey());
        CliRun add = pampa("node", "add", "n01", "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", TestSshServer.USER, "--max-workers", "2");
        assertThat(add.exitCode()).as(add.toString()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        pampa("workers", "stop", "n01", "--grace", "5s");
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

    private void installOperatorKey() throws Exception {
        OperatorKey key = OperatorKey.loadOrCreate(operatorDir.resolve("id_ed25519"), null);
        Files.writeString(Files.createDirectories(server.home().resolve(".ssh")).resolve("authorized_keys"), key.authorizedKeysLine() + "\n");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void install_key_with_a_password_from_stdin_then_key_logins_work() throws Exception {
        InputStream stdin = System.in;
        CliRun install;
        try {
            System.setIn(new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)));
            install = pampa("node", "install-key", "n01", "--password-stdin");
        } finally {
            System.setIn(stdin);
        }

        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(install.out()).startsWith("node n01: installed Pampa's key SHA256:");
        assertThat(install.out() + install.err()).doesNotContain("pw\n");
        assertThat(Files.readString(server.home().resolve(".ssh/authorized_keys"))).contains("pampa-operator");
        CliRun probe = pampa("node", "probe", "n01");
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
    }

    @Test
    void a_wrong_password_is_refused_and_installs_nothing() throws Exception {
        InputStream stdin = System.in;
        CliRun install;
        try {
            System.setIn(new ByteArrayInputStream("wrong\n".getBytes(StandardCharsets.UTF_8)));
            install = pampa("node", "install-key", "n01", "--password-stdin");
        } finally {
            System.setIn(stdin);
        }

        assertThat(install.exitCode()).as(install.toString()).isEqualTo(ExitCode.NODE_UNREACHABLE);
        assertThat(install.err()).startsWith("pampa: node n01: authenticate: ").doesNotContain("wrong");
        assertThat(server.home().resolve(".ssh/authorized_keys")).doesNotExist();
    }

    @Test
    void deploy_twice_skips_the_second_time() throws Exception {
        installOperatorKey();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        FakeRuntimeJar.write(jobs.resolve("my-jobs.jar"), FakeRuntimeMain.class, 1000, 1);

        CliRun first = pampa("node", "deploy", "n01", "--runtime-jar", runtime.toString(), "--jobs-dir", jobs.toString());
        CliRun second = pampa("node", "deploy", "n01", "--runtime-jar", runtime.toString(), "--jobs-dir", jobs.toString());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out().lines().toList()).hasSize(2);
        assertThat(first.out().lines().toList().get(0)).matches("n01: deploying pampa-runtime\\.jar \\(\\d+\\.\\d kB\\) and 1 job jar…");
        assertThat(first.out().lines().toList().get(1)).startsWith("n01: sent 2 (lib/pampa-runtime.jar, jobs/my-jobs.jar, ");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out().lines().toList().get(1)).startsWith("n01: up to date, sent 0, skipped 2 unchanged");
        assertThat(first.out().lines().toList().get(1)).contains("pampa.env written; class data archive created in ");
        assertThat(second.out().lines().toList().get(1)).endsWith("pampa.env written; class data archive up to date");
        Path base = server.home().resolve(".pampa");
        assertThat(base.resolve("jobs/my-jobs.jar")).hasSameBinaryContentAs(jobs.resolve("my-jobs.jar"));
        assertThat(Files.readString(base.resolve("pampa.env"))).contains(db.url().jdbcUrl());
    }

    @Test
    void workers_start_show_in_status_with_an_unreachable_node_beside_them_then_stop() throws Exception {
        installOperatorKey();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        assertThat(pampa("node", "deploy", "n01", "--runtime-jar", runtime.toString(), "--jobs-dir", dir.resolve("local").toString())
                .exitCode()).isZero();
        assertThat(pampa("node", "add", "n02", "--host", "127.0.0.1", "--port", Integer.toString(closedPort()), "--user", "u").exitCode()).isZero();

        CliRun start = pampa("workers", "start", "n01");
        CliRun again = pampa("workers", "start", "n01.2");

        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).matches("n01: started n01\\.1 as pid \\d+ with .+"),
                l -> assertThat(l).matches("n01: started n01\\.2 as pid \\d+ with .+"));
        assertThat(again.out()).matches("n01: n01\\.2 is already running as pid \\d+; nothing to do\n");
        // n01.1 heartbeats as a real worker would; the fake n01.2 never does.
        new WorkerRegistry(db.dsl()).register("n01.1", "n01", "127.0.0.1", 1, "test", "inc-1", 30);

        CliRun status = pampa("status", "--json");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode rows = new ObjectMapper().readTree(status.out());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("process").asText()).as("the node's agent, started before its workers").isEqualTo("agent");
        assertThat(rows.get(0).get("state").asText()).isEqualTo("running");
        assertThat(rows.get(1).get("process").asText()).isEqualTo("n01.1");
        assertThat(rows.get(1).get("state").asText()).isEqualTo("running");
        assertThat(rows.get(2).get("process").asText()).isEqualTo("n01.2");
        assertThat(rows.get(2).get("state").asText()).isEqualTo("starting");
        assertThat(rows.get(3).get("node").asText()).isEqualTo("n02");
        assertThat(rows.get(3).get("state").asText()).isEqualTo("unreachable");
        assertThat(rows.get(3).get("note").asText()).startsWith("connect: the connection to");

        CliRun logs = pampa("node", "logs", "n01.2", "-n", "5");
        assertThat(logs.exitCode()).as(logs.toString()).isZero();
        assertThat(logs.out()).contains("fake runtime ready args=worker --name n01.2");

        CliRun stop = pampa("workers", "stop", "n01", "--grace", "10s");

        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).matches("n01: stopped n01\\.1 \\(pid \\d+\\) with SIGTERM"),
                l -> assertThat(l).matches("n01: stopped n01\\.2 \\(pid \\d+\\) with SIGTERM"));
        CliRun after = pampa("status");
        assertThat(after.out().lines().toList()).anySatisfy(l -> assertThat(l).matches("n01\\s+n01\\.1\\s+orphan\\s.*"))
                .anySatisfy(l -> assertThat(l).matches("n01\\s+n01\\.2\\s+stopped(\\s+-)+"))
                .anySatisfy(l -> assertThat(l).matches("n02\\s+-\\s+unreachable\\s.*"));
    }

    @Test
    void starting_before_a_deploy_says_to_deploy_first() throws Exception {
        installOperatorKey();

        CliRun start = pampa("workers", "start", "n01.1");

        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCode.NODE_OPERATION_FAILED);
        assertThat(start.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith("pampa: node n01: start: could not start agent on ").contains("deploy"));
    }

    @Test
    void deploy_to_all_nodes_reports_each_and_fails_only_where_the_node_cannot_be_reached() throws Exception {
        installOperatorKey();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        assertThat(pampa("node", "add", "n02", "--host", "127.0.0.1", "--port", Integer.toString(closedPort()), "--user", "u").exitCode()).isZero();

        Path noJobs = Files.createDirectories(dir.resolve("no-jobs"));

        CliRun deploy = pampa("node", "deploy", "--all", "--runtime-jar", runtime.toString(), "--jobs-dir", noJobs.toString());

        assertThat(deploy.exitCode()).as(deploy.toString()).isEqualTo(ExitCode.SOME_NODES_FAILED);
        assertThat(deploy.out()).contains("n01: sent 1 (lib/pampa-runtime.jar").contains("n02: FAILED: connect: the connection to");
        assertThat(deploy.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith("pampa: deploy failed on 1 of 2 nodes — "));
        assertThat(server.home().resolve(".pampa/lib/pampa-runtime.jar")).hasSameBinaryContentAs(runtime);
    }

    @Test
    void a_worker_killed_behind_our_back_shows_dead() throws Exception {
        installOperatorKey();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        assertThat(pampa("node", "deploy", "n01", "--runtime-jar", runtime.toString(), "--jobs-dir", dir.resolve("local").toString())
                .exitCode()).isZero();
        CliRun start = pampa("workers", "start", "n01.1");
        long pid = Long.parseLong(start.out().strip().replaceAll(".* as pid (\\d+) with .*$", "$1"));
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        worker.destroyForcibly();
        worker.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

        CliRun status = pampa("status", "--json");

        JsonNode rows = new ObjectMapper().readTree(status.out());
        assertThat(rows.get(0).get("process").asText()).isEqualTo("agent");
        assertThat(rows.get(1).get("process").asText()).isEqualTo("n01.1");
        assertThat(rows.get(1).get("state").asText()).isEqualTo("dead");
        assertThat(rows.get(1).get("pid").asText()).isEqualTo(Long.toString(pid));
        assertThat(rows.get(2).get("state").asText()).isEqualTo("stopped");
    }

    @Test
    void workers_start_and_stop_all_act_on_every_node_with_a_line_per_worker_and_one_per_failed_node() throws Exception {
        installOperatorKey();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        Path noJobs = Files.createDirectories(dir.resolve("no-jobs"));
        assertThat(pampa("node", "add", "local", "--max-workers", "1", "--base-dir", dir.resolve("local-base").toString()).exitCode()).isZero();
        for (String node : List.of("n01", "local")) {
            assertThat(pampa("node", "deploy", node, "--runtime-jar", runtime.toString(), "--jobs-dir", noJobs.toString()).exitCode()).isZero();
        }
        assertThat(pampa("node", "add", "n02", "--host", "127.0.0.1", "--port", Integer.toString(closedPort()), "--user", "u").exitCode()).isZero();
        List<Long> pids = new ArrayList<>();
        try {
            assertThat(pampa("workers", "start", "n01", "--all").exitCode()).as("a node or --all, not both").isEqualTo(ExitCode.USAGE);

            CliRun start = pampa("workers", "start", "--all");

            assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCode.SOME_NODES_FAILED);
            List<String> lines = start.out().lines().sorted().toList();
            assertThat(lines).satisfiesExactly(
                    l -> assertThat(l).matches("local: started local\\.1 as pid \\d+ with .+"),
                    l -> assertThat(l).matches("n01: started n01\\.1 as pid \\d+ with .+"),
                    l -> assertThat(l).matches("n01: started n01\\.2 as pid \\d+ with .+"),
                    l -> assertThat(l).startsWith("n02: FAILED: connect: "));
            assertThat(start.err()).startsWith("pampa: workers start --all: could not start the workers of 1 of 3 nodes — ");
            for (String line : lines.subList(0, 3)) {
                pids.add(Long.parseLong(line.replaceAll(".* as pid (\\d+) with .*$", "$1")));
            }
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.alive(pid)).isTrue());

            assertThat(CliRun.on(new OperatorMain(), "node", "remove", "n02", "--db", db.url().withCredentials()).exitCode()).isZero();
            CliRun stop = pampa("workers", "stop", "--all", "--grace", "10s");

            assertThat(stop.exitCode()).as(stop.toString()).isZero();
            assertThat(stop.out().lines().sorted().toList()).satisfiesExactly(
                    l -> assertThat(l).matches("local: stopped local\\.1 \\(pid " + pids.get(0) + "\\) with SIGTERM"),
                    l -> assertThat(l).matches("n01: stopped n01\\.1 \\(pid " + pids.get(1) + "\\) with SIGTERM"),
                    l -> assertThat(l).matches("n01: stopped n01\\.2 \\(pid " + pids.get(2) + "\\) with SIGTERM"));
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.alive(pid)).as("pid %d", pid).isFalse());
        } finally {
            pampa("workers", "stop", "local", "--grace", "5s");
        }
    }

    @Test
    void the_local_node_runs_the_same_commands_without_ssh() throws Exception {
        Path base = dir.resolve("local-base");
        assertThat(pampa("node", "add", "local", "--max-workers", "1", "--base-dir", base.toString()).exitCode()).isZero();
        Path runtime = FakeRuntimeJar.write(dir.resolve("local/pampa-runtime.jar"), FakeRuntimeMain.class);
        Path noJobs = Files.createDirectories(dir.resolve("no-jobs"));
        try {
            CliRun probe = pampa("node", "probe", "local");
            assertThat(probe.exitCode()).as(probe.toString()).isZero();
            assertThat(probe.out()).startsWith("local: probing this machine…\nnode local (the local node)\n")
                    .contains("  base dir:   " + base + " (writable)").endsWith("ready to run workers\n");

            CliRun deploy = pampa("node", "deploy", "local", "--runtime-jar", runtime.toString(), "--jobs-dir", noJobs.toString());
            assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
            CliRun start = pampa("workers", "start", "local");
            assertThat(start.out()).matches("local: started local\\.1 as pid \\d+ with .+\n");

            CliRun status = pampa("status", "--json");

            JsonNode rows = new ObjectMapper().readTree(status.out());
            assertThat(rows.get(0).get("process").asText()).isEqualTo("agent");
            assertThat(rows.get(1).get("node").asText()).isEqualTo("local");
            assertThat(rows.get(1).get("process").asText()).isEqualTo("local.1");
            assertThat(rows.get(1).get("state").asText()).isEqualTo("starting");
        } finally {
            CliRun stop = pampa("workers", "stop", "local", "--grace", "10s");
            assertThat(stop.out()).matches("local: stopped local\\.1 \\(pid \\d+\\) with SIGTERM\n");
        }
    }
}
