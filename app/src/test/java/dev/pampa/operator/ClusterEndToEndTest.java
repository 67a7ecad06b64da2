package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.ssh.HostKeyTrust;
import dev.pampa.control.testing.TestSshServer;
import dev.pampa.report.JobProgress;
import dev.pampa.sample.SampleJob;
import dev.pampa.sample.SampleJobs;
import dev.pampa.store.Database;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's whole path with the real runtime and sample jars on an in-process SSH node: add,
 * install the key, trust, probe, deploy, start 4 workers and the dispatcher, the odd-numbers job
 * completes, everything stops on SIGTERM and no process is left.
 */
class ClusterEndToEndTest {
    private static final Path RUNTIME_JAR = Path.of("../runtime/target/pampa-runtime.jar").toAbsolutePath().normalize();
    private static final Path SAMPLE_JAR = Path.of("../jobs-sample/target/pampa-jobs-sample.jar").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Database db;
    TestSshServer server;
    Path operatorDir;

    @BeforeEach
    void start() throws Exception {
        // the reactor's verify packages runtime and jobs-sample before app's tests run: never skip, fail
        assertThat(RUNTIME_JAR).as("build the runtime jar first (./mvnw -B verify does)").isRegularFile();
        assertThat(SAMPLE_JAR).as("build the sample jobs jar first (./mvnw -B verify does)").isRegularFile();
        db = TestPostgres.migratedDatabase();
        server = TestSshServer.start(Files.createDirectories(dir.resolve("node-home")), "pw");
        operatorDir = dir.resolve("operator");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            pampa("workers", "stop", "e2e", "--grace", "5s");
            pampa("dispatcher", "stop", "--node", "e2e", "--grace", "5s");
            server.close();
            db.close();
        }
    }

    private CliRun pampa(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.url().withCredentials()));
        if (args.length < 2 || !args[1].equals("add")) {
            all.addAll(List.of("--operator-dir", operatorDir.toString()));
        }
        CliRun run = CliRun.on(new OperatorMain(), all.toArray(String[]::new));
        return run;
    }

    private CliRun ok(String... args) {
        CliRun run = pampa(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void the_odd_numbers_job_runs_to_completion_on_an_ssh_node_and_everything_stops() throws Exception {
        ok("node", "add", "e2e", "--host", "127.0.0.1", "--port", Integer.toString(server.port()), "--user", TestSshServer.USER,
                "--password", "--max-workers", "4");
        String fingerprint = HostKeyTrust.fingerprint(server.hostKey());
        ok("node", "trust", "e2e", "--trust", fingerprint);
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)));
            ok("node", "install-key", "e2e", "--password-stdin");
        } finally {
            System.setIn(stdin);
        }
        assertThat(ok("node", "probe", "e2e").out()).endsWith("ready to run workers\n");
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.copy(SAMPLE_JAR, jobs.resolve(SAMPLE_JAR.getFileName()));
        CliRun deploy = ok("node", "deploy", "e2e", "--runtime-jar", RUNTIME_JAR.toString(), "--jobs-dir", jobs.toString());
        assertThat(deploy.out()).contains("e2e: deploying pampa-runtime.jar (").contains("sent 2");
        // the real runtime's training run, whose archive the workers below then map
        assertThat(deploy.out()).contains("; class data archive created in ");

        SampleJob sample = SampleJobs.named("search_odd_numbers").orElseThrow();
        sample.tableScript().runOn(db);
        Path yaml = dir.resolve("job.yaml");
        Files.writeString(yaml, sample.yaml());
        CliRun apply = CliRun.of("job", "apply", yaml.toString(), "--jobs-dir", jobs.toString(), "--db", db.url().withCredentials());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();

        ok("workers", "start", "e2e");
        ok("dispatcher", "start", "--node", "e2e");

        dev.pampa.model.JobSpec spec = sample.spec();
        dev.pampa.store.TaskTable table = new dev.pampa.store.TaskTable(spec);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        JobProgress progress = table.progress(db.dsl());
        while (!progress.complete() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            progress = table.progress(db.dsl());
        }
        assertThat(progress.complete()).as("job complete: " + progress + "\n" + pampa("status")).isTrue();
        assertThat(progress.done()).isEqualTo(progress.total());

        CliRun status = ok("status");
        assertThat(status.out().lines().filter(l -> l.matches("e2e\\s+e2e\\.\\d\\s+running\\s.*")).count()).as(status.out()).isEqualTo(4);
        assertThat(status.out()).containsPattern("e2e\\s+dispatcher\\s+running");
        com.fasterxml.jackson.databind.JsonNode measured = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok("status", "--json").out());
        List<com.fasterxml.jackson.databind.JsonNode> served = new java.util.ArrayList<>();
        measured.forEach(r -> {
            if (r.get("process").asText().matches("agent|e2e\\.\\d")) {
                served.add(r);
            }
        });
        assertThat(served).as("what the agent measured of itself and its 4 workers: " + measured).hasSize(5)
                .allSatisfy(r -> assertThat(r.get("rss_kb").asLong()).as(r.toString()).isGreaterThan(8 * 1024))
                .allSatisfy(r -> assertThat(r.get("net_scope").asText()).isEqualTo("netns"));

        CliRun stopWorkers = ok("workers", "stop", "e2e", "--grace", "30s");
        CliRun stopDispatcher = ok("dispatcher", "stop", "--node", "e2e", "--grace", "30s");
        assertThat(stopWorkers.out().lines().toList()).hasSize(4).allSatisfy(l -> assertThat(l).endsWith("with SIGTERM"));
        assertThat(stopDispatcher.out()).endsWith("with SIGTERM\n");
        String base = server.home().resolve(".pampa").toString();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(base)).toList())
                .as("processes left behind").isEmpty();
        assertThat(ok("status").out().lines().filter(l -> l.contains("stopped")).count()).isEqualTo(4);
    }
}
