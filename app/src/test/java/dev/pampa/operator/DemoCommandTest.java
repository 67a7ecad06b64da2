package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import dev.pampa.cli.RuntimeMain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pampa.control.database.EmbeddedDatabase;
import dev.pampa.sample.FlakyNumbers;
import dev.pampa.sample.SampleJobs;
import dev.pampa.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Path data() {
        return home.resolve("demo-db");
    }

    private Path logs() {
        return home.resolve("logs");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int demo(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--data", data().toString(), "--logs", logs().toString(), "--port", Integer.toString(port)));
        args.addAll(List.of(extra));
        CommandLine cl = RuntimeMain.commandLine(new OperatorMain());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    private static long count(Database db, String sql) {
        return ((Number) db.dsl().fetchValue(sql)).longValue();
    }

    @Test
    void refusesADataDirectoryInUseInOneLine() throws IOException {
        try (EmbeddedDatabase running = EmbeddedDatabase.start(data(), freePort(), home.resolve("pg.log"))) {
            assertThat(demo(freePort())).isEqualTo(ExitCode.DB_UNAVAILABLE);

            assertThat(err.toString()).isEqualTo("pampa: data directory " + data().toAbsolutePath() + " is in use by a running PostgreSQL (pid "
                    + running.serverPid() + "): stop the other demo, or if none runs, stop that server with: kill -INT " + running.serverPid()
                    + System.lineSeparator());
            assertThat(logs().resolve("dispatcher.log")).doesNotExist();
        }
    }

    @Test
    void refusesToRunBesideWorkersOfAKilledRun() throws Exception {
        ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Orphan.class.getName(), "worker", "--name", "local.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // as the demo starts its children: class path in the environment, so the arguments read back whole
        launch.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process orphan = launch.start();
        try {
            Files.createDirectories(logs());
            Files.writeString(logs().resolve("children.pid"), orphan.pid() + " local.1\n");

            assertThat(demo(freePort())).isEqualTo(ExitCode.FAILURE);

            assertThat(err.toString()).isEqualTo("pampa: workers or the dispatcher of an earlier demo still run (pids " + orphan.pid()
                    + "), and new ones would take the same names: stop them with: kill " + orphan.pid() + System.lineSeparator());
            assertThat(data()).as("no database started").doesNotExist();
        } finally {
            orphan.destroyForcibly().waitFor();
        }
    }

    /** A worker left behind by a demo that was killed. */
    public static final class Orphan {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(600_000);
        }
    }

    @Test
    void namesTheSampleJobsWhenAskedForAnother() throws IOException {
        assertThat(demo(freePort(), "--job", "nope")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("pampa: no sample job 'nope': choose one of search_odd_numbers, flaky_numbers, slow_numbers");
    }

    @Test
    void startsNoProcessWhenEveryTaskIsFinishedAlready() throws IOException {
        int port = freePort();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data(), port, home.resolve("pg.log"));
             Database db = Database.open(pg.url(), 2, "test")) {
            db.migrate();
            SampleJobs.SLOW_NUMBERS.tableScript().runOn(db);
            db.dsl().execute("UPDATE slow_numbers SET pampa_end_time = now(), pampa_success = (value % 40 <> 0), pampa_reservation_times = 1");
        }

        assertThat(demo(port, "--job", "slow_numbers")).isEqualTo(ExitCode.OK);

        assertThat(out.toString())
                .contains("database: PostgreSQL on localhost:" + port + ", data in " + data().toAbsolutePath() + " (durable: fsync and synchronous commits on)")
                .contains("job slow_numbers on table slow_numbers: 200 tasks, 195 done, 5 dead, 0 to do")
                .contains("nothing to do: run the demo with --reset to run every task again");
        assertThat(err.toString()).isEmpty();
        assertThat(logs().resolve("dispatcher.log")).doesNotExist();
        assertThat(EmbeddedDatabase.runningServerPid(data())).as("the database stopped").isEmpty();
    }

    /** The whole demo with real worker and dispatcher processes. */
    @Test
    void runsTheFlakySampleToTheEndWithRealProcesses() throws IOException {
        long dead = LongStream.rangeClosed(1, 10_000).filter(FlakyNumbers::alwaysFails).count();
        long retried = LongStream.rangeClosed(1, 10_000).filter(FlakyNumbers::failsFirstTry).count();
        int port = freePort();

        int exit = demo(port, "--job", "flaky_numbers", "--workers", "2");

        assertThat(exit).as("exit code; output:%n%s%n%s", out, err).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("flaky_numbers finished: " + String.format("%,d", 10_000 - dead) + " done, " + dead + " dead in ");
        assertThat(logs().resolve("children.pid")).as("every child stopped").doesNotExist();
        assertThat(EmbeddedDatabase.runningServerPid(data())).as("the database stopped").isEmpty();
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data(), port, home.resolve("pg.log"));
             Database db = Database.open(pg.url(), 1, "test")) {
            assertThat(count(db, "SELECT count(*) FROM flaky_numbers WHERE checked_on_try = 2")).isEqualTo(retried);
            assertThat(count(db, "SELECT count(*) FROM flaky_numbers WHERE NOT pampa_success AND pampa_reservation_times = 3")).isEqualTo(dead);
        }
    }
}
