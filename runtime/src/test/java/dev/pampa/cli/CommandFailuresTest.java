package dev.pampa.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pampa.store.DbUrl;
import dev.pampa.testing.CliRun;
import dev.pampa.testing.NoopProcessor;
import dev.pampa.testing.TaskTableFixture;
import dev.pampa.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The failures every command shares: where the database is, whether it answers, whether it has the schema. */
class CommandFailuresTest {
    @TempDir
    static Path dir;
    static Path jobFile;

    @BeforeAll
    static void jobFile() {
        jobFile = TaskTableFixture.write(dir, "odd.yaml", TaskTableFixture.yaml("odd", "numbers", NoopProcessor.class.getName()));
    }

    /** Each command that reads the database, without its --db. */
    static Stream<List<String>> commands() {
        return Stream.of(
                List.of("job", "apply", jobFile.toString()),
                List.of("job", "list"),
                List.of("job", "pause", "odd"),
                List.of("job", "resume", "odd"),
                List.of("status"),
                List.of("status", "--json"));
    }

    private static CliRun run(List<String> command, String db) {
        List<String> args = new ArrayList<>(command);
        args.add("--db");
        args.add(db);
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A loopback port that nothing listens on: the connection is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void badUrlExitsThree(List<String> command) {
        CliRun run = run(command, "mysql://localhost/db");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_URL);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("pampa: database URL 'mysql://localhost/db' is neither jdbc:postgresql://… nor postgresql://…");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void unreachableDatabaseExitsFourWithOneLine(List<String> command) throws IOException {
        int port = closedPort();

        CliRun run = run(command, "postgresql://postgres:secret@127.0.0.1:" + port + "/pampa");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.DB_UNAVAILABLE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("pampa: cannot connect to jdbc:postgresql://127.0.0.1:" + port + "/pampa as postgres")
                .contains("— check that PostgreSQL runs and that host and port in the URL are right")
                .doesNotContain("secret");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void databaseWithoutThePampaSchemaExitsFive(List<String> command) {
        DbUrl empty = TestPostgres.freshDatabase();

        CliRun run = run(command, empty.withCredentials());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.SCHEMA_TOO_OLD);
        assertThat(run.errLines()).singleElement().asString()
                .contains("is at version none (not created yet)")
                .endsWith("— run: java -jar pampa-runtime.jar migrate --db URL");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpNeedsNoDatabase(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: pampa-runtime " + command.get(0)).contains("--db=URL");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("status", "--jsn");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("Unknown option: '--jsn'");
    }

    @Test
    void aRetentionAgeThatIsNotOneIsAUsageErrorSayingHowToWriteIt() {
        CliRun run = CliRun.of("dispatcher", "--db", "postgresql://u:p@localhost:1/x", "--keep-events", "30 days");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("pampa: --keep-events 30 days is not an age: write a positive whole number and a unit, s, min, h or d (e.g. 24h, 30d)");
    }

    @Test
    void minuteStatsKeptShorterThanFullOnesIsAUsageError() {
        CliRun run = CliRun.of("dispatcher", "--db", "postgresql://u:p@localhost:1/x", "--keep-full-stats", "2d", "--keep-minute-stats", "1d");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("pampa: per-minute stats (1 d) must be kept at least as long as full ones (2 d): raise --keep-minute-stats or lower --keep-full-stats");
    }

    @Test
    void noDatabaseGivenSaysHowToGiveOne() {
        assumeTrue(System.getenv("PAMPA_DB") == null, "PAMPA_DB is set in this environment");

        CliRun run = CliRun.of("status");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_URL);
        assertThat(run.errLines()).containsExactly(
                "pampa: no database given — pass --db URL or set PAMPA_DB, e.g. postgresql://user:password@localhost:5432/mydb");
    }
}
