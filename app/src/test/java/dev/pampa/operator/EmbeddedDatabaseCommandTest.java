package dev.pampa.operator;

import dev.pampa.cli.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pampa.control.database.EmbeddedDatabase;
import dev.pampa.testing.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pampa db start|stop|status}, and commands without --db using the embedded database while it runs. */
class EmbeddedDatabaseCommandTest {
    @TempDir
    Path home;

    private String realHome;

    @BeforeEach
    void operatorHomeInTempDir() {
        assumeTrue(System.getenv("PAMPA_DB") == null, "PAMPA_DB would be used before the embedded database");
        realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
    }

    @AfterEach
    void stopAndRestoreHome() {
        EmbeddedDatabase.stopRunning(home.resolve(".pampa/demo-db"), Duration.ofSeconds(60));
        System.setProperty("user.home", realHome);
    }

    @Test
    void start_makes_it_the_default_database_of_the_commands_and_stop_ends_that() throws java.io.IOException {
        CliRun before = CliRun.on(new OperatorMain(), "status");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCode.BAD_URL);
        assertThat(before.err()).contains("no database given").contains("pampa db start");
        assertThat(CliRun.on(new OperatorMain(), "db", "status").out()).contains("not running");

        int port = dev.pampa.ui.testing.CockpitFixture.freePort(); // not 5499: a cockpit may be running on this machine

        CliRun start = CliRun.on(new OperatorMain(), "db", "start", "--port", Integer.toString(port));

        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out()).contains("running: embedded PostgreSQL on localhost:" + port);
        assertThat(EmbeddedDatabase.runningServerPid(home.resolve(".pampa/demo-db"))).as("still running after the command").isPresent();
        CliRun status = CliRun.on(new OperatorMain(), "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        // the seeded local node's rows; their states are whatever this machine's real ~/.pampa holds (the shell's HOME)
        assertThat(status.out()).contains("local  local.1");
        assertThat(CliRun.on(new OperatorMain(), "db", "status").out()).contains("running: jdbc:postgresql://localhost:" + port + "/");
        // the runtime's migrate and job commands ride in the operator's pampa too
        assertThat(CliRun.on(new OperatorMain(), "migrate").exitCode()).isZero();
        CliRun jobs = CliRun.on(new OperatorMain(), "job", "list");
        assertThat(jobs.exitCode()).as(jobs.toString()).isZero();
        assertThat(jobs.out()).contains("search_odd_numbers");
        CliRun again = CliRun.on(new OperatorMain(), "db", "start");
        assertThat(again.out()).contains("already running");

        CliRun stop = CliRun.on(new OperatorMain(), "db", "stop");

        assertThat(stop.out()).contains("stopped the embedded database");
        assertThat(EmbeddedDatabase.runningServerPid(home.resolve(".pampa/demo-db"))).isEmpty();
        assertThat(CliRun.on(new OperatorMain(), "status").exitCode()).isEqualTo(ExitCode.BAD_URL);
        assertThat(CliRun.on(new OperatorMain(), "db", "stop").out()).contains("was not running");
    }
}
