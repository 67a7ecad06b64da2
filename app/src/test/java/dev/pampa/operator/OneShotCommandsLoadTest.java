package dev.pampa.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.EmbeddedDefault;
import dev.pampa.model.JobYaml;
import dev.pampa.store.Database;
import dev.pampa.store.JobStore;
import dev.pampa.store.NodeStore;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot commands, each run as a real process with the whole app on its class path, answer from
 * one plain connection and load nothing they do not use: no pool, no Flyway, no SSH, no JavaFX, no JSON.
 */
class OneShotCommandsLoadTest {
    /**
     * Packages a database-only command has no use for, though every one of them is on the class path.
     * (A few small classes of ours from control.ssh are loaded to verify other commands' code, which
     * picocli instantiates; the SSH library itself is not.)
     */
    private static final List<String> UNUSED = List.of("com.zaxxer.hikari.", "org.flywaydb.", "org.apache.sshd.", "javafx.",
            "com.fasterxml.jackson.databind.ObjectMapper", "dev.pampa.ui.", "net.i2p.crypto.eddsa.");

    @TempDir
    Path dir;

    Database db;
    /** The file name part of the command last started: one runs at a time here. */
    String last;

    @BeforeEach
    void database() throws Exception {
        db = TestPostgres.migratedDatabase();
        TaskTableFixture.createNumbers(db);
        TaskTableFixture.insertNumbers(db, 5);
        new JobStore(db.dsl()).save(JobYaml.parse(TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()), "test"));
        new NodeStore(db.dsl()).save(EmbeddedDefault.localNode());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void node_list_job_list_and_job_pause_load_no_pool_migrations_ssh_javafx_or_json() throws Exception {
        for (List<String> command : List.of(List.of("node", "list"), List.of("job", "list"),
                List.of("job", "pause", "odd"), List.of("job", "resume", "odd"))) {
            Run run = run(command);
            assertThat(run.exitCode).as(command + ": " + run.output).isZero();
            List<String> unused = run.loaded.stream().filter(c -> UNUSED.stream().anyMatch(c::startsWith)).toList();
            assertThat(unused).as(String.join(" ", command) + " loaded classes it does not use").isEmpty();
            // what it does use, to show the class log is complete
            assertThat(run.loaded).as(command.toString()).contains("org.postgresql.Driver", "dev.pampa.store.Database");
        }
        assertThat(new JobStore(db.dsl()).find("odd").orElseThrow().paused()).isFalse();
    }

    @Test
    void each_command_holds_one_session_and_names_itself() throws Exception {
        // the job's pause waits on a lock another session holds, long enough to count the sessions of the command
        Run pause;
        try (var other = db.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (var s = other.createStatement()) {
                s.execute("SELECT * FROM pampa.job WHERE name = 'odd' FOR UPDATE");
            }
            Process p = start(List.of("job", "pause", "odd"));
            int sessions = 0;
            for (int i = 0; i < 200 && sessions == 0; i++) {
                Thread.sleep(100);
                sessions = ((Number) db.dsl().fetchValue(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pampa job pause' AND datname = current_database()")).intValue();
            }
            Thread.sleep(300);
            int settled = ((Number) db.dsl().fetchValue(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pampa job pause' AND datname = current_database()")).intValue();
            other.rollback();
            pause = finish(p);
            assertThat(sessions).as(pause.output).isEqualTo(1);
            assertThat(settled).as("the command's sessions a moment later, still waiting").isEqualTo(1);
        }
        assertThat(pause.exitCode).as(pause.output).isZero();
        assertThat(new JobStore(db.dsl()).find("odd").orElseThrow().paused()).isTrue();
    }

    private record Run(int exitCode, String output, List<String> loaded) {
    }

    private Run run(List<String> command) throws Exception {
        return finish(start(command));
    }

    private Process start(List<String> command) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        last = String.join("-", command);
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + dir.resolve("classes-" + last + ".log"),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName()));
        line.addAll(command);
        line.addAll(List.of("--db", db.url().withCredentials()));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + last + ".txt").toFile());
        pb.environment().put("PAMPA_HOME", home.resolve(".pampa").toString());
        pb.environment().remove("PAMPA_DB");
        return pb.start();
    }

    private Run finish(Process p) throws Exception {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command ended").isTrue();
        String output = Files.readString(dir.resolve("out-" + last + ".txt"));
        List<String> loaded = Files.readAllLines(dir.resolve("classes-" + last + ".log")).stream()
                .map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", "").split(" ")[0]).toList();
        return new Run(p.exitValue(), output, loaded);
    }
}
