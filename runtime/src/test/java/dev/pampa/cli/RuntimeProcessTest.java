package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pampa.store.Database;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime CLI as a real JVM process: exit codes, and stdout free of anything but the output. */
class RuntimeProcessTest {
    @TempDir
    Path dir;

    private record Finished(int exitCode, String out, List<String> errLines) {
    }

    private Finished runtime(String pampaDb, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RuntimeMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PAMPA_DB", pampaDb);
        pb.environment().remove("PAMPA_JOBS_DIR");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("runtime finished within 60 s").isTrue();
        return new Finished(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readAllLines(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void applyThenStatusThroughPampaDb() throws Exception {
        String url;
        try (Database db = TestPostgres.migratedDatabase()) {
            url = db.url().withCredentials();
            TaskTableFixture.createBareNumbers(db, "numbers");
            TaskTableFixture.insertNumbers(db, 4);
        }
        Path job = TaskTableFixture.write(dir, "odd.yaml", TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()));

        Finished apply = runtime(url, "job", "apply", job.toString(), "--create-columns");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("job odd created on table numbers");

        Finished status = runtime(url, "status", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode parsed = new ObjectMapper().readTree(status.out());
        assertThat(parsed.get("jobs").get(0).get("pending").asLong()).isEqualTo(4);
    }

    @Test
    void unreachableDatabaseExitsFourWithOneLineOnStderr() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        Finished run = runtime("postgresql://postgres@127.0.0.1:" + port + "/pampa", "job", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCode.DB_UNAVAILABLE);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString()
                .startsWith("pampa: cannot connect to jdbc:postgresql://127.0.0.1:" + port + "/pampa");
        assertThat(run.out()).isEmpty();
    }
}
